package org.sipalg.core.sip;

import org.agrona.DirectBuffer;
import org.sipalg.core.bytes.Ascii;

/**
 * The header kinds the parser indexes. Header names are case-insensitive and have compact forms
 * (RFC 3261 §7.3.3, §20; RFC 3265, 3515, 3892, 4028, 4474 for k, o, u, r, b, x, y); both map to
 * the same kind. Lookup goes by length and first byte, so a name is compared with at most the one
 * or two known names that could match it.
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
    public static final int SUPPORTED = 12;
    public static final int SUBJECT = 13;
    public static final int CONTENT_ENCODING = 14;
    public static final int EVENT = 15;
    public static final int ALLOW_EVENTS = 16;
    public static final int REFER_TO = 17;
    public static final int REFERRED_BY = 18;
    public static final int SESSION_EXPIRES = 19;
    public static final int IDENTITY = 20;
    public static final int PROXY_REQUIRE = 21;
    public static final int EXPIRES = 22;
    public static final int COUNT = 23;

    private static final String[] NAMES = {
        null, "via", "route", "record-route", "contact", "call-id", "cseq", "from", "to", "max-forwards",
        "content-length", "content-type", "supported", "subject", "content-encoding", "event", "allow-events",
        "refer-to", "referred-by", "session-expires", "identity", "proxy-require",
        "expires",
    };
    private static final int[] COMPACT = new int[128];
    /** Kinds by name length; a name is tried only against names of its own length. */
    private static final int[][] BY_LENGTH = new int[32][];
    private static final byte[][] LOWER_NAMES = new byte[COUNT][];

    static {
        COMPACT['v'] = VIA;
        COMPACT['m'] = CONTACT;
        COMPACT['i'] = CALL_ID;
        COMPACT['f'] = FROM;
        COMPACT['t'] = TO;
        COMPACT['l'] = CONTENT_LENGTH;
        COMPACT['c'] = CONTENT_TYPE;
        COMPACT['k'] = SUPPORTED;
        COMPACT['s'] = SUBJECT;
        COMPACT['e'] = CONTENT_ENCODING;
        COMPACT['o'] = EVENT;
        COMPACT['u'] = ALLOW_EVENTS;
        COMPACT['r'] = REFER_TO;
        COMPACT['b'] = REFERRED_BY;
        COMPACT['x'] = SESSION_EXPIRES;
        COMPACT['y'] = IDENTITY;
        for (int kind = 1; kind < COUNT; kind++) {
            LOWER_NAMES[kind] = Ascii.bytes(NAMES[kind]);
            int length = NAMES[kind].length();
            int[] old = BY_LENGTH[length] == null ? new int[0] : BY_LENGTH[length];
            int[] grown = java.util.Arrays.copyOf(old, old.length + 1);
            grown[old.length] = kind;
            BY_LENGTH[length] = grown;
        }
    }

    private HeaderName() {
    }

    public static int of(DirectBuffer buffer, int offset, int length) {
        int first = Ascii.lower(buffer.getByte(offset));
        if (length == 1) {
            return first < 128 ? COMPACT[first] : OTHER;
        }
        int[] candidates = length < BY_LENGTH.length ? BY_LENGTH[length] : null;
        if (candidates == null) {
            return OTHER;
        }
        for (int kind : candidates) {
            byte[] name = LOWER_NAMES[kind];
            if (name[0] == first && Ascii.equalsIgnoreCase(buffer, offset, length, name)) {
                return kind;
            }
        }
        return OTHER;
    }

    /** The long form in lower case, e.g. "call-id"; "other" for {@link #OTHER}. */
    public static String name(int kind) {
        return kind > 0 && kind < COUNT ? NAMES[kind] : "other";
    }
}
