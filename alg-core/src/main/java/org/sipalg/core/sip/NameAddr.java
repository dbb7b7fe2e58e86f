package org.sipalg.core.sip;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.sipalg.core.bytes.Ascii;

/**
 * Locates the URI inside a name-addr or addr-spec value (From, To, Contact, Route, Record-Route).
 * RFC 3261 §20.10: in the bare form, parameters after the URI belong to the header, not the URI.
 */
public final class NameAddr {
    private NameAddr() {
    }

    /**
     * Returns the URI range in [from, end) packed as {@code start << 32 | end}, or -1 when there
     * is none. {@link #isAngled} tells whether it sat inside angle brackets.
     */
    public static long uriRange(DirectBuffer buffer, int from, int end) {
        // Two delimiters to look for, so '<' is given twice to the three-byte search.
        int p = Ascii.indexOfAny(buffer, from, end, (byte) '"', (byte) '<', (byte) '<');
        while (p >= 0) {
            if (buffer.getByte(p) == '"') {
                p = Ascii.indexOfAny(buffer, SipParams.skipQuoted(buffer, p, end), end, (byte) '"', (byte) '<', (byte) '<');
                continue;
            }
            int close = Ascii.indexOf(buffer, p + 1, end, (byte) '>');
            return close < 0 ? -1 : ((long) (p + 1) << 32) | close;
        }
        // addr-spec: the URI runs to the first ';' (header parameters) or the end.
        int start = Ascii.skipWhitespace(buffer, from, end);
        int q = start;
        while (q < end && buffer.getByte(q) != ';' && !Ascii.isWhitespace(buffer.getByte(q))) {
            q++;
        }
        return q > start ? ((long) start << 32) | q : -1;
    }

    /**
     * True when [from, end) is one well-formed {@code (name-addr / addr-spec) *(;param)} value
     * (RFC 3261 §20.10, §25.1): a display name of tokens or one closed quoted string, an angle
     * bracketed URI without whitespace, or a bare URI without '?' or ',' (such a URI must be in
     * angle brackets), then well-formed parameters. Rejects RFC 4475 quotbal, badaspec, baddn and
     * regbadct; accepts lwsdisp (no LWS before '<', a known erratum of RFC 3261).
     */
    public static boolean isWellFormed(DirectBuffer buffer, int from, int end) {
        int params = paramsStart(buffer, from, end);
        return params >= 0 && SipParams.wellFormed(buffer, params, end);
    }

    /**
     * Where the header parameters of the value in [from, end) start (just past the URI) when the
     * value is well-formed up to there, as {@link #isWellFormed} describes; -1 otherwise. The
     * parameters themselves are left to the caller, who may note some of them while checking.
     */
    public static int paramsStart(DirectBuffer buffer, int from, int end) {
        int p = Ascii.skipWhitespace(buffer, from, end);
        if (p == end) {
            return -1;
        }
        if (buffer.getByte(p) == '"') {
            int closed = SipParams.quotedStringEnd(buffer, p, end);
            if (closed < 0) {
                return -1;
            }
            p = Ascii.skipWhitespace(buffer, closed, end);
            return p < end && buffer.getByte(p) == '<' ? afterAngledUri(buffer, p, end) : -1;
        }
        int q = p;
        while (q < end && isDisplayNameByte(buffer.getByte(q))) {
            q++;
        }
        if (q < end && buffer.getByte(q) == '<') {
            return afterAngledUri(buffer, q, end);
        }
        // addr-spec: the URI runs to the first ';' (header parameters) or LWS.
        int uriEnd = p;
        while (uriEnd < end) {
            byte b = buffer.getByte(uriEnd);
            if (b == ';' || Ascii.isWhitespace(b)) {
                break;
            }
            if (b == '?' || b == ',') {
                return -1;
            }
            uriEnd++;
        }
        return isUri(buffer, p, uriEnd) ? uriEnd : -1;
    }

    private static boolean isDisplayNameByte(byte b) {
        return Ascii.isToken(b) || Ascii.isWhitespace(b);
    }

    private static int afterAngledUri(DirectBuffer buffer, int lt, int end) {
        int gt = Ascii.indexOf(buffer, lt + 1, end, (byte) '>');
        return gt > 0 && isUri(buffer, lt + 1, gt) ? gt + 1 : -1;
    }

    /** scheme ":" then no whitespace, quotes or angle brackets (RFC 3986 scheme syntax). */
    public static boolean isUri(DirectBuffer buffer, int from, int end) {
        if (from >= end || !isAlpha(buffer.getByte(from))) {
            return false;
        }
        int p = from + 1;
        while (p < end) {
            byte b = buffer.getByte(p);
            if (b == ':') {
                break;
            }
            if (!isAlpha(b) && !Ascii.isDigit(b) && b != '+' && b != '-' && b != '.') {
                return false;
            }
            p++;
        }
        if (p >= end - 1) {
            return false;   // no ':' or nothing after it
        }
        return noneNotInUri(buffer, p + 1, end);
    }

    /** No byte of {@link #NOT_IN_URI} in [from, end): eight bytes a step, then the tail. */
    private static boolean noneNotInUri(DirectBuffer buffer, int from, int end) {
        int i = from;
        for (; i + Long.BYTES <= end; i += Long.BYTES) {
            if (Ascii.hasByteBelowOrAny(buffer.getLong(i, ByteOrder.LITTLE_ENDIAN), CONTROL_OR_SPACE_END, LT, GT, QUOTE, DEL)) {
                return false;
            }
        }
        for (; i < end; i++) {
            if (NOT_IN_URI[buffer.getByte(i) & 0xFF]) {
                return false;
            }
        }
        return true;
    }

    private static final int CONTROL_OR_SPACE_END = ' ' + 1;
    private static final byte LT = '<';
    private static final byte GT = '>';
    private static final byte QUOTE = '"';
    private static final byte DEL = 0x7F;

    /** Control characters, SP, DEL and the delimiters that end a URI in a header (RFC 3261 §25.1). */
    private static final boolean[] NOT_IN_URI = new boolean[256];

    static {
        for (int c = 0; c <= ' '; c++) {
            NOT_IN_URI[c] = true;
        }
        NOT_IN_URI[0x7F] = true;
        NOT_IN_URI['<'] = true;
        NOT_IN_URI['>'] = true;
        NOT_IN_URI['"'] = true;
    }

    private static boolean isAlpha(byte b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
    }

    public static int start(long range) {
        return (int) (range >>> 32);
    }

    public static int end(long range) {
        return (int) range;
    }

    public static boolean isAngled(DirectBuffer buffer, long range) {
        int s = start(range);
        return s > 0 && buffer.getByte(s - 1) == '<';
    }
}
