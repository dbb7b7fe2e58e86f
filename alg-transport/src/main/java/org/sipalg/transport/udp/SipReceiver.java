package org.sipalg.transport.udp;

import java.net.Inet4Address;
import java.net.InetSocketAddress;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import org.sipalg.core.status.CounterId;
import org.sipalg.core.status.Counters;
import org.sipalg.transport.pipeline.SipEvent;
import org.sipalg.transport.pipeline.SipEvents;

/**
 * Puts each datagram received on one realm's face into the ring, without copying: the slot takes
 * over the packet's buffer. A full ring drops the datagram and counts it (SIP over UDP retransmits;
 * blocking the event loop would stall every face).
 */
@ChannelHandler.Sharable
public final class SipReceiver extends ChannelInboundHandlerAdapter {
    private final int realm;
    private final RingBuffer<SipEvent> ring;
    private final Counters counters;

    public SipReceiver(int realm, RingBuffer<SipEvent> ring, Counters counters) {
        this.realm = realm;
        this.ring = ring;
        this.counters = counters;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof DatagramPacket packet)) {
            io.netty.util.ReferenceCountUtil.release(msg);
            return;
        }
        InetSocketAddress sender = packet.sender();
        if (!(sender.getAddress() instanceof Inet4Address source)) {
            packet.release();
            counters.incrementShared(CounterId.DROPPED_SOURCE_NOT_IN_REALM);
            return;
        }
        long sequence;
        try {
            sequence = ring.tryNext();
        } catch (InsufficientCapacityException e) {
            packet.release();
            counters.incrementShared(CounterId.RING_FULL);
            return;
        }
        try {
            // Inet4Address.hashCode() is the address as an int: no byte[] copy per packet.
            SipEvents.datagram(ring.get(sequence), packet.content(), realm, source.hashCode(), sender.getPort(), System.nanoTime());
        } finally {
            ring.publish(sequence);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // UDP sockets report ICMP port-unreachable and the like here; the socket stays usable.
        counters.incrementShared(CounterId.SEND_FAILED);
    }
}
