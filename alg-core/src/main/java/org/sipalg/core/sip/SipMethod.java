package org.sipalg.core.sip;

import java.nio.charset.StandardCharsets;

import org.agrona.DirectBuffer;
import org.sipalg.core.bytes.Ascii;

/**
 * Method codes; RFC 3261 §7.1: method names are case-sensitive, so they compare exactly (an
 * unknown method such as {@code RE%47IST%45R} is {@link #OTHER}, not REGISTER). Lookup goes by
 * length first.
 */
public final class SipMethod {
    public static final int OTHER = 0;
    public static final int INVITE = 1;
    public static final int ACK = 2;
    public static final int BYE = 3;
    public static final int CANCEL = 4;
    public static final int REGISTER = 5;
    public static final int OPTIONS = 6;
    public static final int SUBSCRIBE = 7;
    public static final int NOTIFY = 8;
    public static final int REFER = 9;
    public static final int UPDATE = 10;
    public static final int PRACK = 11;
    public static final int INFO = 12;
    public static final int MESSAGE = 13;

    private static final byte[][] NAMES = {
        null, Ascii.bytes("INVITE"), Ascii.bytes("ACK"), Ascii.bytes("BYE"), Ascii.bytes("CANCEL"),
        Ascii.bytes("REGISTER"), Ascii.bytes("OPTIONS"), Ascii.bytes("SUBSCRIBE"), Ascii.bytes("NOTIFY"),
        Ascii.bytes("REFER"), Ascii.bytes("UPDATE"), Ascii.bytes("PRACK"), Ascii.bytes("INFO"),
        Ascii.bytes("MESSAGE"),
    };
    /** Methods by name length (the longest, SUBSCRIBE, has 9 bytes). */
    private static final int[][] BY_LENGTH = new int[10][];

    static {
        for (int m = 1; m < NAMES.length; m++) {
            int length = NAMES[m].length;
            int[] old = BY_LENGTH[length] == null ? new int[0] : BY_LENGTH[length];
            int[] grown = java.util.Arrays.copyOf(old, old.length + 1);
            grown[old.length] = m;
            BY_LENGTH[length] = grown;
        }
    }

    private SipMethod() {
    }

    public static int of(DirectBuffer buffer, int offset, int length) {
        int[] candidates = length < BY_LENGTH.length ? BY_LENGTH[length] : null;
        if (candidates == null) {
            return OTHER;
        }
        byte first = buffer.getByte(offset);
        for (int m : candidates) {
            if (NAMES[m][0] == first && Ascii.equals(buffer, offset, length, NAMES[m])) {
                return m;
            }
        }
        return OTHER;
    }

    public static String name(int method) {
        return method > 0 && method < NAMES.length ? new String(NAMES[method], StandardCharsets.US_ASCII) : "OTHER";
    }

    /** Requests that create a dialog, so the ALG must Record-Route them (RFC 3261 §16.6 step 4). */
    public static boolean createsDialog(int method) {
        return method == INVITE || method == SUBSCRIBE || method == REFER || method == NOTIFY;
    }
}
