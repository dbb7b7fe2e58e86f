package org.sipalg.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The media of {@link RtpLoad}: per call one RTP socket for Alice and one for Bob, each sending a
 * G.711-sized stream (172-byte packets: 12 bytes of RTP header and 160 of payload, every 20 ms) to
 * where the other side's SDP, as it arrived, said, and counting what the other side sends back. The
 * payload starts with the send time, so the receiver also measures the one-way transit.
 * One sender thread (a fixed-rate tick) and one receiver thread (a selector over every socket).
 */
final class RtpMedia implements AutoCloseable {
    static final int PACKET_BYTES = 172;
    static final int PACKET_INTERVAL_MS = 20;
    static final int TIMESTAMP_STEP = RtpStreamStats.CLOCK_RATE_HZ * PACKET_INTERVAL_MS / 1000;
    private static final int RTP_HEADER_BYTES = 12;
    private static final byte RTP_VERSION_2 = (byte) 0x80;
    private static final byte PAYLOAD_TYPE_PCMU = 0;
    private static final long DRAIN_MILLIS = 500;

    /** One socket: sends one stream to {@code destination}, receives the opposite stream. */
    static final class Endpoint {
        final DatagramChannel channel;
        final InetSocketAddress destination;
        final int ssrc;
        final RtpStreamStats received = new RtpStreamStats();
        int sequence;
        long timestamp;
        long sent;
        long sendsRefused;

        Endpoint(InetSocketAddress local, InetSocketAddress destination, int ssrc) throws IOException {
            this.channel = DatagramChannel.open().bind(local);
            channel.configureBlocking(false);
            this.destination = destination;
            this.ssrc = ssrc;
        }
    }

    private final List<Endpoint> endpoints = new ArrayList<>();
    private final Selector selector = Selector.open();
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "rtpload-rtp-sender");
        thread.setDaemon(true);
        return thread;
    });
    private final Thread receiver = new Thread(this::receiveLoop, "rtpload-rtp-receiver");
    private final ByteBuffer outgoing = ByteBuffer.allocateDirect(PACKET_BYTES);
    private volatile boolean receiving = true;

    RtpMedia(List<LoadCall> answeredCalls) throws IOException {
        for (LoadCall call : answeredCalls) {
            endpoints.add(new Endpoint(call.aliceRtp, call.aliceSendsTo, 0x0A000000 | call.index));
            endpoints.add(new Endpoint(call.bobRtp, call.bobSendsTo, 0x0B000000 | call.index));
        }
        for (Endpoint endpoint : endpoints) {
            endpoint.channel.register(selector, SelectionKey.OP_READ, endpoint);
        }
        receiver.setDaemon(true);
    }

    List<Endpoint> endpoints() {
        return endpoints;
    }

    /** Sends for {@code seconds}, then waits for the packets in flight and stops receiving. */
    void run(int seconds) throws InterruptedException {
        receiver.start();
        sender.scheduleAtFixedRate(this::sendOnePacketEach, 0, PACKET_INTERVAL_MS, TimeUnit.MILLISECONDS);
        Thread.sleep(seconds * 1000L);
        sender.shutdown();
        sender.awaitTermination(5, TimeUnit.SECONDS);
        Thread.sleep(DRAIN_MILLIS);
        receiving = false;
        selector.wakeup();
        receiver.join(5_000);
    }

    private void sendOnePacketEach() {
        for (Endpoint endpoint : endpoints) {
            outgoing.clear();
            outgoing.put(RTP_VERSION_2).put(PAYLOAD_TYPE_PCMU)
                    .putShort((short) endpoint.sequence)
                    .putInt((int) endpoint.timestamp)
                    .putInt(endpoint.ssrc)
                    .putLong(System.nanoTime());
            while (outgoing.hasRemaining()) {
                outgoing.put((byte) 0xFF);   // µ-law silence
            }
            outgoing.flip();
            try {
                if (endpoint.channel.send(outgoing, endpoint.destination) == 0) {
                    endpoint.sendsRefused++;   // socket buffer full: counted, the stream goes on
                }
            } catch (IOException e) {
                endpoint.sendsRefused++;
            }
            endpoint.sent++;
            endpoint.sequence = (endpoint.sequence + 1) & 0xFFFF;
            endpoint.timestamp = (endpoint.timestamp + TIMESTAMP_STEP) & 0xFFFF_FFFFL;
        }
    }

    private void receiveLoop() {
        ByteBuffer incoming = ByteBuffer.allocateDirect(2048);
        while (receiving) {
            try {
                selector.select(100);
                for (SelectionKey key : selector.selectedKeys()) {
                    Endpoint endpoint = (Endpoint) key.attachment();
                    while (true) {
                        incoming.clear();
                        if (endpoint.channel.receive(incoming) == null) {
                            break;
                        }
                        long arrivalNanos = System.nanoTime();
                        if (incoming.position() == PACKET_BYTES && incoming.get(0) == RTP_VERSION_2) {
                            long rtpTimestamp = incoming.getInt(4) & 0xFFFF_FFFFL;
                            endpoint.received.onPacket(rtpTimestamp, arrivalNanos, incoming.getLong(RTP_HEADER_BYTES));
                        }
                    }
                }
                selector.selectedKeys().clear();
            } catch (IOException e) {
                System.err.println("rtpload: receive failed: " + e);
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        sender.shutdownNow();
        receiving = false;
        selector.close();
        for (Endpoint endpoint : endpoints) {
            endpoint.channel.close();
        }
    }
}
