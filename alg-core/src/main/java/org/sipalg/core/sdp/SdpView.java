package org.sipalg.core.sdp;

import org.agrona.DirectBuffer;
import org.sipalg.core.bytes.Ascii;

/**
 * Positions of the SDP lines the ALG rewrites (RFC 4566): {@code o=} address, session and media
 * {@code c=} addresses, {@code m=} ports and {@code a=rtcp:} (RFC 3605). One pass, no copies.
 * Not thread-safe: one per owner.
 */
public final class SdpView {
    public static final int MAX_STREAMS = 8;
    public static final int NO_ADDRESS = 0;

    private DirectBuffer buffer;
    private int originAddressOffset;
    private int originAddressLength;
    private int sessionConnection = -1;
    private int streamCount;
    private boolean tooManyStreams;
    private final int[] portOffset = new int[MAX_STREAMS];
    private final int[] portLength = new int[MAX_STREAMS];
    private final int[] port = new int[MAX_STREAMS];
    private final int[] rtcpPortOffset = new int[MAX_STREAMS];
    private final int[] rtcpPortLength = new int[MAX_STREAMS];
    private final int[] mediaConnection = new int[MAX_STREAMS];
    /** Connection lines: where the "IN IP4 addr" part starts and ends, and the address. */
    private final int[] connectionOffset = new int[MAX_STREAMS + 1];
    private final int[] connectionEnd = new int[MAX_STREAMS + 1];
    private final long[] connectionAddress = new long[MAX_STREAMS + 1];
    private final int[] rtcpAddressOffset = new int[MAX_STREAMS];
    private final int[] rtcpAddressEnd = new int[MAX_STREAMS];
    private int connectionCount;

    /** Indexes the SDP in [offset, offset + length). Unknown or malformed lines are left alone. */
    public void wrap(DirectBuffer buffer, int offset, int length) {
        this.buffer = buffer;
        originAddressOffset = -1;
        originAddressLength = 0;
        sessionConnection = -1;
        streamCount = 0;
        connectionCount = 0;
        tooManyStreams = false;
        int end = offset + length;
        int p = offset;
        while (p < end) {
            int lf = Ascii.indexOf(buffer, p, end, Ascii.LF);
            int lineEnd = lf < 0 ? end : lf;
            int valueEnd = lineEnd > p && buffer.getByte(lineEnd - 1) == Ascii.CR ? lineEnd - 1 : lineEnd;
            if (valueEnd - p >= 2 && buffer.getByte(p + 1) == '=') {
                onLine(buffer.getByte(p), p + 2, valueEnd);
            }
            p = lf < 0 ? end : lf + 1;
        }
    }

    private void onLine(byte type, int from, int end) {
        switch (type) {
            case 'o' -> onOrigin(from, end);
            case 'c' -> onConnection(from, end);
            case 'm' -> onMedia(from, end);
            case 'a' -> onAttribute(from, end);
            default -> {
            }
        }
    }

    private void onOrigin(int from, int end) {
        // o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>
        int p = from;
        for (int field = 0; field < 5; field++) {
            int sp = Ascii.indexOf(buffer, p, end, Ascii.SP);
            if (sp < 0) {
                return;
            }
            p = sp + 1;
        }
        originAddressOffset = p;
        originAddressLength = end - p;
    }

    private void onConnection(int from, int end) {
        if (connectionCount > MAX_STREAMS) {
            return;
        }
        // c=<nettype> <addrtype> <connection-address>[/ttl]
        int sp1 = Ascii.indexOf(buffer, from, end, Ascii.SP);
        int sp2 = sp1 < 0 ? -1 : Ascii.indexOf(buffer, sp1 + 1, end, Ascii.SP);
        if (sp2 < 0) {
            return;
        }
        int addrEnd = Ascii.indexOf(buffer, sp2 + 1, end, (byte) '/');
        addrEnd = addrEnd < 0 ? end : addrEnd;
        int c = connectionCount++;
        connectionOffset[c] = from;
        connectionEnd[c] = end;
        long ip = Ascii.parseIpv4(buffer, sp2 + 1, addrEnd - sp2 - 1);
        connectionAddress[c] = ip;
        if (streamCount == 0) {
            sessionConnection = c;
        } else {
            mediaConnection[streamCount - 1] = c;
        }
    }

    private void onMedia(int from, int end) {
        if (streamCount == MAX_STREAMS) {
            tooManyStreams = true;
            return;
        }
        // m=<media> <port>[/<number of ports>] <proto> <fmt> ...
        int sp = Ascii.indexOf(buffer, from, end, Ascii.SP);
        if (sp < 0) {
            return;
        }
        int p = sp + 1;
        int q = p;
        while (q < end && Ascii.isDigit(buffer.getByte(q))) {
            q++;
        }
        int s = streamCount++;
        portOffset[s] = p;
        portLength[s] = q - p;
        port[s] = (int) Ascii.parseNatural(buffer, p, q - p, 65535);
        mediaConnection[s] = -1;
        rtcpPortOffset[s] = -1;
        rtcpAddressOffset[s] = -1;
    }

    private static final byte[] RTCP = Ascii.bytes("rtcp:");

    private void onAttribute(int from, int end) {
        if (streamCount == 0 || !Ascii.startsWith(buffer, from, end - from, RTCP)) {
            return;
        }
        // a=rtcp:<port> [<nettype> <addrtype> <connection-address>]
        int s = streamCount - 1;
        int p = from + RTCP.length;
        int q = p;
        while (q < end && Ascii.isDigit(buffer.getByte(q))) {
            q++;
        }
        rtcpPortOffset[s] = p;
        rtcpPortLength[s] = q - p;
        if (q < end && buffer.getByte(q) == Ascii.SP) {
            rtcpAddressOffset[s] = q + 1;
            rtcpAddressEnd[s] = end;
        }
    }

    public int streamCount() {
        return streamCount;
    }

    public boolean tooManyStreams() {
        return tooManyStreams;
    }

    /** The m= port of a stream; 0 means the stream is disabled (RFC 3264 §6). */
    public int port(int stream) {
        return port[stream];
    }

    public int portOffset(int stream) {
        return portOffset[stream];
    }

    public int portLength(int stream) {
        return portLength[stream];
    }

    public int rtcpPortOffset(int stream) {
        return rtcpPortOffset[stream];
    }

    public int rtcpPortLength(int stream) {
        return rtcpPortLength[stream];
    }

    public int rtcpAddressOffset(int stream) {
        return rtcpAddressOffset[stream];
    }

    public int rtcpAddressEnd(int stream) {
        return rtcpAddressEnd[stream];
    }

    public int originAddressOffset() {
        return originAddressOffset;
    }

    public int originAddressLength() {
        return originAddressLength;
    }

    public int connectionCount() {
        return connectionCount;
    }

    public int connectionOffset(int c) {
        return connectionOffset[c];
    }

    public int connectionEnd(int c) {
        return connectionEnd[c];
    }

    /**
     * The IPv4 address media of a stream is sent from/to: the media-level c= or else the
     * session-level one; {@link Ascii#NOT_IPV4} when unknown or not IPv4.
     */
    public long streamAddress(int stream) {
        int c = mediaConnection[stream] >= 0 ? mediaConnection[stream] : sessionConnection;
        return c < 0 ? Ascii.NOT_IPV4 : connectionAddress[c];
    }

    public long connectionAddress(int c) {
        return connectionAddress[c];
    }
}
