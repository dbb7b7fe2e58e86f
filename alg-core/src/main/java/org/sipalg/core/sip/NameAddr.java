package org.sipalg.core.sip;

import org.agrona.DirectBuffer;

/**
 * Locates the URI inside a name-addr or addr-spec value (From, To, Contact, Route, Record-Route).
 * RFC 3261 §20.10: in the bare form, parameters after the URI belong to the header, not the URI.
 */
public final class NameAddr {
    private NameAddr() {
    }

    /**
     * Returns the URI range in [from, end) packed as {@code start << 32 | end}, or -1 when there
     * is none. {@code angled} tells the caller whether it sat inside angle brackets.
     */
    public static long uriRange(DirectBuffer buffer, int from, int end) {
        int p = from;
        while (p < end) {
            byte b = buffer.getByte(p);
            if (b == '"') {
                p = SipParams.skipQuoted(buffer, p, end);
                continue;
            }
            if (b == '<') {
                int close = p + 1;
                while (close < end && buffer.getByte(close) != '>') {
                    close++;
                }
                if (close >= end) {
                    return -1;
                }
                return ((long) (p + 1) << 32) | close;
            }
            p++;
        }
        // addr-spec: the URI runs to the first ';' (header parameters) or the end.
        int start = org.sipalg.core.bytes.Ascii.skipWhitespace(buffer, from, end);
        int q = start;
        while (q < end && buffer.getByte(q) != ';' && !org.sipalg.core.bytes.Ascii.isWhitespace(buffer.getByte(q))) {
            q++;
        }
        return q > start ? ((long) start << 32) | q : -1;
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
