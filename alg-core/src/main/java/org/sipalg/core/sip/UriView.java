package org.sipalg.core.sip;

import org.agrona.DirectBuffer;
import org.sipalg.core.bytes.Ascii;

/**
 * Flyweight over a SIP URI: {@code scheme:[user@]host[:port][;params][?headers]}. Offsets point
 * into the wrapped buffer; nothing is copied. Not thread-safe: one per owner.
 */
public final class UriView {
    private static final byte[] SIP = Ascii.bytes("sip");
    private static final byte[] SIPS = Ascii.bytes("sips");

    private DirectBuffer buffer;
    private int start;
    private int end;
    private boolean sip;
    private int userOffset;
    private int userLength;
    private int hostOffset;
    private int hostLength;
    private int port;
    private int paramsOffset;
    private int paramsEnd;

    /** Wraps [start, end); returns false when it is not a URI the ALG can route (no host). */
    public boolean wrap(DirectBuffer buffer, int start, int end) {
        this.buffer = buffer;
        this.start = start;
        this.end = end;
        this.port = -1;
        this.userOffset = -1;
        this.userLength = 0;
        int colon = Ascii.indexOf(buffer, start, end, (byte) ':');
        if (colon <= start) {
            return false;
        }
        sip = Ascii.equalsIgnoreCase(buffer, start, colon - start, SIP)
            || Ascii.equalsIgnoreCase(buffer, start, colon - start, SIPS);
        if (!sip) {
            hostOffset = colon + 1;
            hostLength = 0;
            paramsOffset = end;
            paramsEnd = end;
            return true;
        }
        int p = colon + 1;
        // The userinfo may hold ';', '?', '/' and ',' (RFC 3261 §25.1 user-unreserved); the host,
        // parameters and headers cannot hold a raw '@', so the last '@' ends the userinfo.
        int at = -1;
        for (int i = end - 1; i >= p; i--) {
            if (buffer.getByte(i) == '@') {
                at = i;
                break;
            }
        }
        if (at >= 0) {
            userOffset = p;
            userLength = at - p;
            p = at + 1;
        }
        hostOffset = p;
        if (p < end && buffer.getByte(p) == '[') {
            int close = Ascii.indexOf(buffer, p, end, (byte) ']');
            if (close < 0) {
                return false;
            }
            p = close + 1;
        } else {
            while (p < end) {
                byte b = buffer.getByte(p);
                if (b == ':' || b == ';' || b == '?' || b == '>' || Ascii.isWhitespace(b)) {
                    break;
                }
                p++;
            }
        }
        hostLength = p - hostOffset;
        if (hostLength == 0) {
            return false;
        }
        if (p < end && buffer.getByte(p) == ':') {
            int portStart = ++p;
            while (p < end && Ascii.isDigit(buffer.getByte(p))) {
                p++;
            }
            port = (int) Ascii.parseNatural(buffer, portStart, p - portStart, 65535);
            if (port <= 0) {
                return false;
            }
        }
        paramsOffset = p;
        int q = p;
        while (q < end && buffer.getByte(q) != '?' && buffer.getByte(q) != '>') {
            q++;
        }
        paramsEnd = q;
        return true;
    }

    public boolean isSip() {
        return sip;
    }

    public DirectBuffer buffer() {
        return buffer;
    }

    public int start() {
        return start;
    }

    public int end() {
        return end;
    }

    public int userOffset() {
        return userOffset;
    }

    public int userLength() {
        return userLength;
    }

    public int hostOffset() {
        return hostOffset;
    }

    public int hostLength() {
        return hostLength;
    }

    /** The explicit port, or -1. */
    public int port() {
        return port;
    }

    public int portOrDefault() {
        return port > 0 ? port : 5060;
    }

    /** End of host[:port], where parameters start. */
    public int hostPortEnd() {
        return paramsOffset;
    }

    public int paramsEnd() {
        return paramsEnd;
    }

    /** Start of {@code ?headers}, or {@link #end()} when the URI has none. */
    public int headersOffset() {
        return paramsEnd < end && buffer.getByte(paramsEnd) == '?' ? paramsEnd : end;
    }

    public long param(byte[] lowerCaseName) {
        return SipParams.find(buffer, paramsOffset, paramsEnd, lowerCaseName);
    }

    /** The host as an IPv4 int, or {@link Ascii#NOT_IPV4} for a name or IPv6 reference. */
    public long hostIpv4() {
        return Ascii.parseIpv4(buffer, hostOffset, hostLength);
    }
}
