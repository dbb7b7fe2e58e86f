package org.sipalg.core.sip;

import org.agrona.DirectBuffer;
import org.sipalg.core.bytes.Ascii;

/**
 * The header kinds the ALG reads or rewrites. Header names are case-insensitive and have compact
 * forms (RFC 3261 §7.3.3, §20); both map to the same kind.
 */
public final class HeaderName {
    public static final int OTHER = 0;
    public static final int VIA = 1;
    public static final int ROUTE = 2;
    public static final int RECORD_ROUTE = 3;
    public static final int CONTACT = 4;
    public static final int CALL_ID = 5;
    public static final int CSEQ = 6;
    public static final int FROM = 7;
    public static final int TO = 8;
    public static final int MAX_FORWARDS = 9;
    public static final int CONTENT_LENGTH = 10;
    public static final int CONTENT_TYPE = 11;
    public static final int COUNT = 12;

    private static final byte[][] LONG_NAMES = {
        null, Ascii.bytes("via"), Ascii.bytes("route"), Ascii.bytes("record-route"), Ascii.bytes("contact"),
        Ascii.bytes("call-id"), Ascii.bytes("cseq"), Ascii.bytes("from"), Ascii.bytes("to"),
        Ascii.bytes("max-forwards"), Ascii.bytes("content-length"), Ascii.bytes("content-type"),
    };
    private static final int[] COMPACT = new int[128];

    static {
        COMPACT['v'] = VIA;
        COMPACT['m'] = CONTACT;
        COMPACT['i'] = CALL_ID;
        COMPACT['f'] = FROM;
        COMPACT['t'] = TO;
        COMPACT['l'] = CONTENT_LENGTH;
        COMPACT['c'] = CONTENT_TYPE;
    }

    private HeaderName() {
    }

    public static int of(DirectBuffer buffer, int offset, int length) {
        if (length == 1) {
            int c = Ascii.lower(buffer.getByte(offset));
            return c < 128 ? COMPACT[c] : OTHER;
        }
        for (int kind = 1; kind < COUNT; kind++) {
            if (Ascii.equalsIgnoreCase(buffer, offset, length, LONG_NAMES[kind])) {
                return kind;
            }
        }
        return OTHER;
    }
}
