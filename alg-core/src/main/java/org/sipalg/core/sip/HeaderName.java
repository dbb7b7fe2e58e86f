package org.sipalg.core.sip;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.sipalg.core.bytes.Ascii;

/**
 * The header kinds the parser indexes. Header names are case-insensitive and have compact forms
 * (RFC 3261 §7.3.3, §20; RFC 3265, 3515, 3892, 4028, 4474 for k, o, u, r, b, x, y); both map to
 * the same kind.
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
    /** Longest name the table knows ("content-encoding"). */
    private static final int MAX_LENGTH = 16;
    /**
     * Kind by name length and the low five bits of the name's second byte: every known name has
     * a slot of its own (checked when the class loads), so a name is compared with one candidate.
     */
    private static final int[] BY_LENGTH_AND_SECOND = new int[(MAX_LENGTH + 1) << 5];
    /** Each known name in lower case as two little-endian words, zero past its end. */
    private static final long[] LOW_WORD = new long[COUNT];
    private static final long[] HIGH_WORD = new long[COUNT];
    private static final byte[][] LOWER_NAMES = new byte[COUNT][];
    /** Per name, 0x20 where it has a letter: ORed onto those bytes only, it folds their case and nothing else. */
    private static final long[] LOW_CASE_BITS = new long[COUNT];
    private static final long[] HIGH_CASE_BITS = new long[COUNT];

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
            byte[] name = Ascii.bytes(NAMES[kind]);
            LOWER_NAMES[kind] = name;
            int slot = slot(name.length, name[1]);
            if (name.length > MAX_LENGTH || BY_LENGTH_AND_SECOND[slot] != OTHER) {
                throw new IllegalStateException("header name table: " + NAMES[kind] + " needs a slot of its own");
            }
            BY_LENGTH_AND_SECOND[slot] = kind;
            for (int i = 0; i < name.length; i++) {
                long caseBit = name[i] >= 'a' && name[i] <= 'z' ? 0x20L : 0;
                if (i < Long.BYTES) {
                    LOW_WORD[kind] |= (name[i] & 0xFFL) << (8 * i);
                    LOW_CASE_BITS[kind] |= caseBit << (8 * i);
                } else {
                    HIGH_WORD[kind] |= (name[i] & 0xFFL) << (8 * (i - Long.BYTES));
                    HIGH_CASE_BITS[kind] |= caseBit << (8 * (i - Long.BYTES));
                }
            }
        }
    }

    private HeaderName() {
    }

    private static int slot(int length, int secondByte) {
        return length << 5 | (secondByte & 0x1F);
    }

    /**
     * The kind of the header name in [offset, offset + length), whatever bytes it holds: a known
     * name matches exactly, ignoring case (two word compares); anything else is {@link #OTHER}.
     */
    public static int of(DirectBuffer buffer, int offset, int length) {
        if (length <= 0) {
            return OTHER;
        }
        if (length == 1) {
            int first = Ascii.lower(buffer.getByte(offset)) & 0xFF;
            return first < COMPACT.length ? COMPACT[first] : OTHER;
        }
        if (length > MAX_LENGTH) {
            return OTHER;
        }
        int kind = BY_LENGTH_AND_SECOND[slot(length, buffer.getByte(offset + 1))];
        if (kind == OTHER) {
            return OTHER;
        }
        if (offset + 2 * Long.BYTES > buffer.capacity()) {
            // Too near the end of the buffer to read whole words.
            return Ascii.equalsIgnoreCase(buffer, offset, length, LOWER_NAMES[kind]) ? kind : OTHER;
        }
        long low = (buffer.getLong(offset, ByteOrder.LITTLE_ENDIAN) | LOW_CASE_BITS[kind]) & bytesMask(length);
        long high = length <= Long.BYTES ? 0
            : (buffer.getLong(offset + Long.BYTES, ByteOrder.LITTLE_ENDIAN) | HIGH_CASE_BITS[kind]) & bytesMask(length - Long.BYTES);
        return low == LOW_WORD[kind] && high == HIGH_WORD[kind] ? kind : OTHER;
    }

    /** A word mask for the first {@code n} bytes (little-endian), all of it for eight or more. */
    private static long bytesMask(int n) {
        return n >= Long.BYTES ? -1L : (1L << (8 * n)) - 1;
    }

    /** The long form in lower case, e.g. "call-id"; "other" for {@link #OTHER}. */
    public static String name(int kind) {
        return kind > 0 && kind < COUNT ? NAMES[kind] : "other";
    }
}
