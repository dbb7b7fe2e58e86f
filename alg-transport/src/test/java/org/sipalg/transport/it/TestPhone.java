package org.sipalg.transport.it;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.sipalg.core.testing.Sip;

/**
 * A minimal SIP phone over real UDP for the integration tests: a SIP socket and an RTP socket on
 * its own loopback address, messages as text. It speaks only what the tests need; the ALG under
 * test must cope with it exactly as with SIPp or a real phone.
 */
final class TestPhone implements AutoCloseable {
    private static final Pattern SDP_CONNECTION = Pattern.compile("(?m)^c=IN IP4 ([0-9.]+)");
    private static final Pattern SDP_AUDIO_PORT = Pattern.compile("(?m)^m=audio ([0-9]+) ");

    final String name;
    final String ip;
    final int sipPort;
    final DatagramSocket sip;
    DatagramSocket rtp;
    int rtpPort;

    TestPhone(String name, String ip, int sipPort, int rtpPort) throws IOException {
        this.name = name;
        this.ip = ip;
        this.sipPort = sipPort;
        this.sip = new DatagramSocket(new InetSocketAddress(ip, sipPort));
        moveMedia(ip, rtpPort);
    }

    /** Binds the RTP socket to another address/port, as a phone moving network would. */
    void moveMedia(String address, int port) throws IOException {
        if (rtp != null) {
            rtp.close();
        }
        rtp = new DatagramSocket(new InetSocketAddress(address, port));
        rtpPort = port;
    }

    String rtpAddress() {
        return rtp.getLocalAddress().getHostAddress();
    }

    void send(String message, String host, int port) throws IOException {
        byte[] bytes = message.getBytes(StandardCharsets.US_ASCII);
        sip.send(new DatagramPacket(bytes, bytes.length, new InetSocketAddress(host, port)));
    }

    /** The next SIP message, or null after {@code timeoutMs}. */
    String receive(int timeoutMs) throws IOException {
        byte[] buffer = new byte[65_536];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        sip.setSoTimeout(timeoutMs);
        try {
            sip.receive(packet);
        } catch (SocketTimeoutException e) {
            return null;
        }
        return new String(buffer, 0, packet.getLength(), StandardCharsets.US_ASCII);
    }

    /** The next message whose start line begins with {@code prefix}, skipping others (e.g. 100 Trying). */
    String expect(String prefix, int timeoutMs) throws IOException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (true) {
            int left = (int) ((deadline - System.nanoTime()) / 1_000_000L);
            String message = left <= 0 ? null : receive(left);
            if (message == null) {
                throw new AssertionError(name + " got no '" + prefix + "' within " + timeoutMs + " ms");
            }
            if (message.startsWith(prefix)) {
                return message;
            }
        }
    }

    void sendRtp(byte[] payload, String host, int port) throws IOException {
        rtp.send(new DatagramPacket(payload, payload.length, new InetSocketAddress(host, port)));
    }

    /** The next RTP packet's bytes, or null after {@code timeoutMs}. */
    byte[] receiveRtp(int timeoutMs) throws IOException {
        byte[] buffer = new byte[2048];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        rtp.setSoTimeout(timeoutMs);
        try {
            rtp.receive(packet);
        } catch (SocketTimeoutException e) {
            return null;
        }
        return java.util.Arrays.copyOf(buffer, packet.getLength());
    }

    String sdp(String sessionVersion) {
        return "v=0\r\no=" + name + " 1 " + sessionVersion + " IN IP4 " + rtpAddress() + "\r\ns=-\r\nc=IN IP4 " + rtpAddress()
            + "\r\nt=0 0\r\nm=audio " + rtpPort + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
    }

    static String sdpAddress(String message) {
        Matcher m = SDP_CONNECTION.matcher(Sip.body(message));
        if (!m.find()) {
            throw new AssertionError("no c= in " + message);
        }
        return m.group(1);
    }

    static int sdpPort(String message) {
        Matcher m = SDP_AUDIO_PORT.matcher(Sip.body(message));
        if (!m.find()) {
            throw new AssertionError("no m=audio in " + message);
        }
        return Integer.parseInt(m.group(1));
    }

    /** A message with a correct Content-Length for its body. */
    static String withBody(String head, String body) {
        return head + "Content-Length: " + body.length() + "\r\n" + (body.isEmpty() ? "" : "Content-Type: application/sdp\r\n")
            + "\r\n" + body;
    }

    @Override
    public void close() {
        sip.close();
        rtp.close();
    }
}
