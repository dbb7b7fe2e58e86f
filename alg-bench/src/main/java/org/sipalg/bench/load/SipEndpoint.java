package org.sipalg.bench.load;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A UDP SIP user agent of {@link RtpLoad}: one socket and one receive thread that hands every
 * datagram to {@link #onMessage}. Subclasses are Alice (UAC) and Bob (UAS).
 */
abstract class SipEndpoint implements AutoCloseable {
    private static final int MAX_DATAGRAM = 65_535;

    final InetSocketAddress local;
    final List<LoadCall> calls;
    private final DatagramChannel channel;
    private final Thread receiver;
    private volatile boolean running = true;

    SipEndpoint(String name, InetSocketAddress local, List<LoadCall> calls) throws IOException {
        this.local = local;
        this.calls = calls;
        this.channel = DatagramChannel.open();
        channel.bind(local);
        channel.socket().setSoTimeout(200);   // so that close() is noticed within 200 ms
        this.receiver = new Thread(this::receiveLoop, name);
        receiver.setDaemon(true);
        receiver.start();
    }

    /** Handles one datagram on the receive thread; bad input is ignored, never thrown. */
    abstract void onMessage(SipText message, InetSocketAddress source);

    /** The call a message belongs to, or null when its Call-ID is not one of this run's. */
    final LoadCall callOf(SipText message) {
        int index = LoadCall.indexOf(message.header("Call-ID", "i"));
        return index >= 0 && index < calls.size() ? calls.get(index) : null;
    }

    final void send(String message, InetSocketAddress destination) {
        try {
            channel.send(ByteBuffer.wrap(message.getBytes(StandardCharsets.US_ASCII)), destination);
        } catch (IOException e) {
            System.err.println(receiver.getName() + ": send to " + destination + " failed: " + e);
        }
    }

    private void receiveLoop() {
        DatagramSocket socket = channel.socket();
        DatagramPacket packet = new DatagramPacket(new byte[MAX_DATAGRAM], MAX_DATAGRAM);
        while (running) {
            try {
                packet.setLength(MAX_DATAGRAM);
                socket.receive(packet);
                SocketAddress source = packet.getSocketAddress();
                String text = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.US_ASCII);
                onMessage(SipText.parse(text), (InetSocketAddress) source);
            } catch (SocketTimeoutException e) {
                // nothing arrived: look at running again
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | RuntimeException e) {
                if (running) {
                    System.err.println(receiver.getName() + ": " + e);
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        running = false;
        try {
            receiver.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        channel.close();
    }
}
