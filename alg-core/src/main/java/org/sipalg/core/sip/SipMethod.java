package org.sipalg.core.sip;

import org.agrona.DirectBuffer;
import org.sipalg.core.bytes.Ascii;

/** Method codes; RFC 3261 §7.1: method names are case-sensitive, so they compare exactly. */
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

    private SipMethod() {
    }

    public static int of(DirectBuffer buffer, int offset, int length) {
        for (int m = 1; m < NAMES.length; m++) {
            if (Ascii.equals(buffer, offset, length, NAMES[m])) {
                return m;
            }
        }
        return OTHER;
    }

    public static String name(int method) {
        return method > 0 && method < NAMES.length ? new String(NAMES[method], java.nio.charset.StandardCharsets.US_ASCII) : "OTHER";
    }

    /** Requests that create a dialog, so the ALG must Record-Route them (RFC 3261 §16.6 step 4). */
    public static boolean createsDialog(int method) {
        return method == INVITE || method == SUBSCRIBE || method == REFER || method == NOTIFY;
    }
}
