package org.sipalg.core.sip;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.sipalg.core.bytes.Ascii;

/**
 * Flyweight over one Via value: {@code SIP/2.0/UDP host[:port];branch=..;received=..;rport[=n]}.
 * Not thread-safe: one per owner.
 */
public final class ViaView {
    private static final byte[] SIP_2_0 = Ascii.bytes("sip/2.0");
    private static final byte[] BRANCH = Ascii.bytes("branch");
    private static final byte[] RECEIVED = Ascii.bytes("received");
    private static final byte[] RPORT = Ascii.bytes("rport");
    private static final byte[] MADDR = Ascii.bytes("maddr");
    private static final byte[] TTL = Ascii.bytes("ttl");
    /** RFC 3261 §8.1.1.7: branches of RFC 3261 elements start with this cookie. */
    public static final byte[] MAGIC_COOKIE = Ascii.bytes("z9hG4bK");

    private DirectBuffer buffer;
    private int start;
    private int end;
    private int transportOffset;
    private int transportLength;
    private int hostOffset;
    private int hostLength;
    private int port;
    private int paramsOffset;
    private boolean sip20;
    // The parameters the ALG reads several times per message, found once per wrap.
    private static final long NOT_LOOKED_UP = -2L;
    private long branch;
    private long received;
    private long rport;
    /** The parameters {@link #paramsWellFormed} notes in its pass: branch, received, rport. */
    private static final byte[][] NOTED = {BRANCH, RECEIVED, RPORT};
    private final long[] noted = new long[NOTED.length];
    /** "sip/2.0/" as a little-endian word, and the bits that lower-case its three letters. */
    private static final long SIP_2_0_SLASH = 0x2F302E322F706973L;
    private static final long SIP_CASE_BITS = 0x202020L;
    private static final int SIP_2_0_SLASH_LENGTH = 8;

    /** Wraps the Via value in [start, end); returns false when it is malformed or not SIP/2.0. */
    public boolean wrap(DirectBuffer buffer, int start, int end) {
        return wrapAnyVersion(buffer, start, end) && sip20;
    }

    /**
     * Wraps the Via value in [start, end) whatever its protocol version, so that a request of
     * another SIP version can still be answered 505; returns false when sent-protocol or sent-by
     * cannot be read. {@link #isSip20()} tells the version.
     */
    public boolean wrapAnyVersion(DirectBuffer buffer, int start, int end) {
        this.buffer = buffer;
        this.start = start;
        this.end = end;
        this.port = -1;
        this.sip20 = false;
        this.branch = NOT_LOOKED_UP;
        this.received = NOT_LOOKED_UP;
        this.rport = NOT_LOOKED_UP;
        // sent-protocol = protocol-name SLASH protocol-version SLASH transport, LWS allowed around SLASH
        int p = Ascii.skipWhitespace(buffer, start, end);
        int slash2;
        if (p + Long.BYTES <= end && (buffer.getLong(p, ByteOrder.LITTLE_ENDIAN) | SIP_CASE_BITS) == SIP_2_0_SLASH) {
            sip20 = true;   // what nearly every Via starts with, in one compare
            slash2 = p + SIP_2_0_SLASH_LENGTH - 1;
        } else {
            int slash1 = Ascii.indexOf(buffer, p, end, (byte) '/');
            if (slash1 < 0) {
                return false;
            }
            slash2 = Ascii.indexOf(buffer, slash1 + 1, end, (byte) '/');
            if (slash2 < 0 || !isTokenBetween(p, slash1) || !isTokenBetween(slash1 + 1, slash2)) {
                return false;
            }
            sip20 = isSip20(p, slash1, slash2);
        }
        p = Ascii.skipWhitespace(buffer, slash2 + 1, end);
        transportOffset = p;
        while (p < end && Ascii.isToken(buffer.getByte(p))) {
            p++;
        }
        transportLength = p - transportOffset;
        if (transportLength == 0) {
            return false;
        }
        p = Ascii.skipWhitespace(buffer, p, end);
        hostOffset = p;
        if (p < end && buffer.getByte(p) == '[') {
            int close = Ascii.indexOf(buffer, p, end, (byte) ']');
            if (close < 0) {
                return false;
            }
            p = close + 1;
        } else {
            while (p < end && (Ascii.isToken(buffer.getByte(p)))) {
                p++;
            }
        }
        hostLength = p - hostOffset;
        if (hostLength == 0) {
            return false;
        }
        p = Ascii.skipWhitespace(buffer, p, end);
        if (p < end && buffer.getByte(p) == ':') {
            p = Ascii.skipWhitespace(buffer, p + 1, end);
            int portStart = p;
            while (p < end && Ascii.isDigit(buffer.getByte(p))) {
                p++;
            }
            port = (int) Ascii.parseNatural(buffer, portStart, p - portStart, 65535);
            if (port <= 0) {
                return false;
            }
            p = Ascii.skipWhitespace(buffer, p, end);
        }
        paramsOffset = p;
        return p == end || buffer.getByte(p) == ';';
    }

    /** One token, LWS around it allowed, in [from, to). */
    private boolean isTokenBetween(int from, int to) {
        int s = Ascii.skipWhitespace(buffer, from, to);
        int e = Ascii.trimTrailingWhitespace(buffer, s, to);
        if (s == e) {
            return false;
        }
        for (int i = s; i < e; i++) {
            if (!Ascii.isToken(buffer.getByte(i))) {
                return false;
            }
        }
        return true;
    }

    private boolean isSip20(int from, int slash1, int slash2) {
        // Compare "SIP/2.0" ignoring the LWS that the grammar allows around the slash.
        int nameEnd = Ascii.trimTrailingWhitespace(buffer, from, slash1);
        int versionStart = Ascii.skipWhitespace(buffer, slash1 + 1, slash2);
        int versionEnd = Ascii.trimTrailingWhitespace(buffer, versionStart, slash2);
        return nameEnd - from == 3 && versionEnd - versionStart == 3
            && Ascii.lower(buffer.getByte(from)) == 's' && Ascii.lower(buffer.getByte(from + 1)) == 'i'
            && Ascii.lower(buffer.getByte(from + 2)) == 'p' && buffer.getByte(versionStart) == '2'
            && buffer.getByte(versionStart + 1) == '.' && buffer.getByte(versionStart + 2) == '0';
    }

    /** True when sent-protocol is SIP/2.0. */
    public boolean isSip20() {
        return sip20;
    }

    /** True when every via-param is {@code ;token[=value]} (RFC 3261 §25.1: no empty ones). */
    public boolean paramsWellFormed() {
        if (!SipParams.scan(buffer, paramsOffset, end, NOTED, noted)) {
            return false;
        }
        branch = noted[0];
        received = noted[1];
        rport = noted[2];
        return true;
    }

    public int start() {
        return start;
    }

    public int end() {
        return end;
    }

    public int hostOffset() {
        return hostOffset;
    }

    public int hostLength() {
        return hostLength;
    }

    /** The explicit sent-by port, or -1. */
    public int port() {
        return port;
    }

    public int transportOffset() {
        return transportOffset;
    }

    public int transportLength() {
        return transportLength;
    }

    public int paramsOffset() {
        return paramsOffset;
    }

    public long branch() {
        if (branch == NOT_LOOKED_UP) {
            branch = SipParams.find(buffer, paramsOffset, end, BRANCH);
        }
        return branch;
    }

    public long received() {
        if (received == NOT_LOOKED_UP) {
            received = SipParams.find(buffer, paramsOffset, end, RECEIVED);
        }
        return received;
    }

    public long rport() {
        if (rport == NOT_LOOKED_UP) {
            rport = SipParams.find(buffer, paramsOffset, end, RPORT);
        }
        return rport;
    }

    public long maddr() {
        return SipParams.find(buffer, paramsOffset, end, MADDR);
    }

    public long ttl() {
        return SipParams.find(buffer, paramsOffset, end, TTL);
    }

    public long hostIpv4() {
        return Ascii.parseIpv4(buffer, hostOffset, hostLength);
    }

    /** True when the branch carries the RFC 3261 magic cookie. */
    public boolean hasRfc3261Branch() {
        long b = branch();
        return b != SipParams.NOT_FOUND
            && Ascii.startsWith(buffer, SipParams.offset(b), SipParams.length(b), MAGIC_COOKIE);
    }

    static boolean versionIs20(DirectBuffer buffer, int offset, int length) {
        return Ascii.equalsIgnoreCase(buffer, offset, length, SIP_2_0);
    }
}
