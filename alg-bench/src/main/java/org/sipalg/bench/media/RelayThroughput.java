package org.sipalg.bench.media;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.List;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.socket.SocketProtocolFamily;
import org.sipalg.core.media.MediaKeys;
import org.sipalg.core.route.Realm;
import org.sipalg.core.route.RealmTable;
import org.sipalg.transport.config.Cidr;
import org.sipalg.transport.media.MediaRelay;
import org.sipalg.transport.media.RelayControl;

/**
 * Packets per second one RTP stream gets through (a) sip-alg's relay and (b) a plain Netty epoll
 * UDP forwarder (read, write to the other side, flush), measured in the same run: the ratio is the
 * relay's cost over the least a Java relay can do. A driver sends 172-byte packets (G.711, 20 ms)
 * in windows of {@code window} and waits for them on the far side, so neither side overruns.
 *
 * <pre>java -cp alg-bench/target/benchmarks.jar org.sipalg.bench.media.RelayThroughput [seconds] [window]</pre>
 */
public final class RelayThroughput {
    private static final InetSocketAddress ALICE = new InetSocketAddress("127.0.21.10", 6000);
    private static final InetSocketAddress BOB = new InetSocketAddress("127.0.22.10", 7000);
    private static final InetSocketAddress INSIDE_PORT = new InetSocketAddress("127.0.21.1", 41000);
    private static final InetSocketAddress OUTSIDE_PORT = new InetSocketAddress("127.0.22.1", 42000);

    private RelayThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int window = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        Result relay = null;
        Result netty = null;
        for (int round = 0; round < 2; round++) {   // the first round warms both up
            relay = measureSipAlgRelay(seconds, window);
            netty = measureNettyForwarder(seconds, window);
        }
        System.out.printf("sip-alg MediaRelay:          %,10.0f packets/s, %6.1f B allocated per packet%n", relay.pps, relay.bytesPerPacket);
        System.out.printf("plain Netty epoll forwarder: %,10.0f packets/s, %6.1f B allocated per packet%n", netty.pps, netty.bytesPerPacket);
        System.out.printf("ratio sip-alg / Netty:       %.2f%n", relay.pps / netty.pps);
    }

    /** Throughput, and what the element's own threads allocated per relayed packet. */
    private record Result(double pps, double bytesPerPacket) {
    }

    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();

    /** Bytes allocated so far by the threads whose name starts with {@code prefix}. */
    private static long allocatedBy(String prefix) {
        long total = 0;
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith(prefix)) {
                total += THREADS.getThreadAllocatedBytes(thread.getId());
            }
        }
        return total;
    }

    private static Result measureSipAlgRelay(int seconds, int window) throws Exception {
        Realm inside = new Realm(0, "inside", Cidr.ipv4ToInt("127.0.21.1"), 5060, null, Cidr.ipv4ToInt("127.0.21.1"), null,
            41000, 41999, new int[] {Cidr.ipv4ToInt("127.0.21.0")}, new int[] {24}, 0, 0);
        Realm outside = new Realm(1, "outside", Cidr.ipv4ToInt("127.0.22.1"), 5060, null, Cidr.ipv4ToInt("127.0.22.1"), null,
            42000, 42999, new int[] {Cidr.ipv4ToInt("127.0.22.0")}, new int[] {24}, 0, 0);
        MediaRelay relay = new MediaRelay(new RealmTable(List.of(inside, outside), List.of()), Long.MAX_VALUE, key -> { });
        relay.start();
        RelayControl control = new RelayControl(relay);
        long key = MediaKeys.key(0, 1, 1, 0);
        if (!control.open(key, 0, INSIDE_PORT.getPort(), 1, OUTSIDE_PORT.getPort())) {
            throw new IllegalStateException("relay ports taken");
        }
        control.target(key, 0, Cidr.ipv4ToInt(ALICE.getHostString()), ALICE.getPort());
        control.target(key, 1, Cidr.ipv4ToInt(BOB.getHostString()), BOB.getPort());
        try {
            return drive(seconds, window, "sipalg-media");
        } finally {
            control.close(key);
            relay.close();
        }
    }

    private static Result measureNettyForwarder(int seconds, int window) throws Exception {
        java.util.concurrent.ThreadFactory named = runnable -> new Thread(runnable, "plain-forwarder");
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, named, EpollIoHandler.newFactory());
        try {
            Channel outside = new Bootstrap().group(group).channelFactory(() -> new EpollDatagramChannel(SocketProtocolFamily.INET))
                .handler(new ChannelInboundHandlerAdapter()).bind(OUTSIDE_PORT).sync().channel();
            Channel inside = new Bootstrap().group(group).channelFactory(() -> new EpollDatagramChannel(SocketProtocolFamily.INET))
                .handler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        io.netty.channel.socket.DatagramPacket packet = (io.netty.channel.socket.DatagramPacket) msg;
                        outside.write(new io.netty.channel.socket.DatagramPacket(packet.content(), BOB), outside.voidPromise());
                    }

                    @Override
                    public void channelReadComplete(ChannelHandlerContext ctx) {
                        outside.flush();
                    }
                }).bind(INSIDE_PORT).sync().channel();
            try {
                return drive(seconds, window, "plain-forwarder");
            } finally {
                inside.close().sync();
                outside.close().sync();
            }
        } finally {
            group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
        }
    }

    /** Alice sends windows of packets to the element's inside port; Bob waits for each window. */
    private static Result drive(int seconds, int window, String elementThreads) throws Exception {
        try (DatagramSocket alice = new DatagramSocket(ALICE); DatagramSocket bob = new DatagramSocket(BOB)) {
            bob.setSoTimeout(200);
            bob.setReceiveBufferSize(1 << 20);
            byte[] payload = new byte[172];
            payload[0] = (byte) 0x80;
            DatagramPacket out = new DatagramPacket(payload, payload.length, INSIDE_PORT);
            DatagramPacket in = new DatagramPacket(new byte[2048], 2048);
            long received = 0;
            long lost = 0;
            long allocatedBefore = allocatedBy(elementThreads);
            long start = System.nanoTime();
            long end = start + seconds * 1_000_000_000L;
            while (System.nanoTime() < end) {
                for (int i = 0; i < window; i++) {
                    payload[3] = (byte) i;
                    alice.send(out);
                }
                for (int i = 0; i < window; i++) {
                    try {
                        bob.receive(in);
                        received++;
                    } catch (SocketTimeoutException e) {
                        lost += window - i;
                        break;
                    }
                }
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            long allocated = allocatedBy(elementThreads) - allocatedBefore;
            if (lost > 0) {
                System.out.println("  (" + elementThreads + ": lost " + lost + " packets)");
            }
            return new Result(received / elapsed, received == 0 ? 0 : (double) allocated / received);
        }
    }
}
