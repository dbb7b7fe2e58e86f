package org.sipalg.core.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.sipalg.core.bytes.Ascii;
import org.sipalg.core.proxy.Outbound;

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

    /** The sent messages since the last call, and forgets them. */
    public List<Sent> take() {
        List<Sent> taken = new ArrayList<>(sent);
        sent.clear();
        return taken;
    }
}
