package org.sipalg.core.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.sipalg.core.bytes.Ascii;
import org.sipalg.core.proxy.Outbound;
import org.sipalg.core.proxy.SipProcessor;

/** Keeps what the processor sends; {@link #recording(boolean)} off makes it allocation-free. */
public final class CapturingOutbound implements Outbound {
    public record Sent(String text, int realm, int ip, int port) {
        public String destination() {
            return Ascii.ipv4ToString(ip) + ":" + port;
        }
    }

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[65_536]);
    private final List<Sent> sent = new ArrayList<>();
    private boolean recording = true;
    private int count;

    public CapturingOutbound recording(boolean on) {
        recording = on;
        return this;
    }

    @Override
    public MutableDirectBuffer claim(int maxLength) {
        return buffer;
    }

    @Override
    public void send(int length, int realm, int ipv4, int port) {
        count++;
        if (recording) {
            byte[] bytes = new byte[length];
            buffer.getBytes(0, bytes);
            sent.add(new Sent(new String(bytes, StandardCharsets.US_ASCII), realm, ipv4, port));
        }
    }

    @Override
    public void abort() {
    }

    public int count() {
        return count;
    }

    public List<Sent> sent() {
        return sent;
    }

    /** Hands {@code message} to {@code processor} as a datagram from ip:port on realm's face; returns what it sent. */
    public List<Sent> feed(SipProcessor processor, String message, int realm, int ip, int port, long nowMs) {
        byte[] bytes = message.getBytes(StandardCharsets.US_ASCII);
        processor.onDatagram(new UnsafeBuffer(bytes), 0, bytes.length, realm, ip, port, nowMs, this);
        return take();
    }

    /** Runs the processor's duty cycle every 10 ms from {@code fromMs} to {@code toMs}; returns what its timers sent. */
    public List<Sent> tick(SipProcessor processor, long fromMs, long toMs) {
        for (long now = fromMs; now < toMs; ) {
            now = Math.min(toMs, now + 10);
            processor.onTick(now, this);
        }
        return take();
    }

    /** The sent messages since the last call, and forgets them. */
    public List<Sent> take() {
        List<Sent> taken = new ArrayList<>(sent);
        sent.clear();
        return taken;
    }
}
