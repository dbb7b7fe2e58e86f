package org.sipalg.core.sip;

import org.agrona.DirectBuffer;
import org.sipalg.core.bytes.Ascii;

/**
 * Finds {@code ;name[=value]} parameters without allocating. Results are packed into a long as
 * {@code valueOffset << 32 | valueLength}; a parameter without a value has length 0.
 */
public final class SipParams {
    public static final long NOT_FOUND = -1L;

    private SipParams() {
    }

    public static int offset(long packed) {
        return (int) (packed >>> 32);
    }

    public static int length(long packed) {
        return (int) packed;
    }

    static long pack(int offset, int length) {
        return ((long) offset << 32) | (length & 0xFFFFFFFFL);
    }

    /**
     * Looks for {@code lowerCaseName} among the parameters in [from, end). Scanning starts at the
     * first ';' at or after {@code from}; quoted values are skipped whole.
     */
    public static long find(DirectBuffer buffer, int from, int end, byte[] lowerCaseName) {
        int i = Ascii.indexOf(buffer, from, end, (byte) ';');
        while (i >= 0 && i < end) {
            int nameStart = Ascii.skipWhitespace(buffer, i + 1, end);
            int p = nameStart;
            while (p < end && Ascii.isToken(buffer.getByte(p))) {
                p++;
            }
            int nameEnd = p;
            p = Ascii.skipWhitespace(buffer, p, end);
            int valueStart = -1;
            int valueEnd = -1;
            if (p < end && buffer.getByte(p) == '=') {
                valueStart = Ascii.skipWhitespace(buffer, p + 1, end);
                p = valueStart;
                if (p < end && buffer.getByte(p) == '"') {
                    p = skipQuoted(buffer, p, end);
                } else {
                    while (p < end && buffer.getByte(p) != ';') {
                        p++;
                    }
                }
                valueEnd = Ascii.trimTrailingWhitespace(buffer, valueStart, p);
            }
            if (Ascii.equalsIgnoreCase(buffer, nameStart, nameEnd - nameStart, lowerCaseName)) {
                return valueStart < 0 ? pack(nameEnd, 0) : pack(valueStart, valueEnd - valueStart);
            }
            i = p < end ? Ascii.indexOf(buffer, p, end, (byte) ';') : -1;
        }
        return NOT_FOUND;
    }

    /**
     * True when [from, end) is a well-formed parameter list: {@code *(LWS ";" LWS token [LWS "="
     * LWS value])}, where a value is a token, a host (IPv6 references included) or a quoted string
     * (RFC 3261 §25.1 generic-param). Empty parameters ({@code ;;}) and unterminated quotes fail.
     */
    public static boolean wellFormed(DirectBuffer buffer, int from, int end) {
        return scan(buffer, from, end, NO_NAMES, null);
    }

    private static final byte[][] NO_NAMES = {};

    /**
     * {@link #wellFormed} that also notes, in the same pass, where each of {@code lowerCaseNames}
     * first occurs: {@code found[k]} gets what {@link #find} would return for name k. The caller
     * reads the parameters it needs on every message without scanning the list again.
     */
    public static boolean scan(DirectBuffer buffer, int from, int end, byte[][] lowerCaseNames, long[] found) {
        for (int k = 0; k < lowerCaseNames.length; k++) {
            found[k] = NOT_FOUND;
        }
        int p = Ascii.skipWhitespace(buffer, from, end);
        while (p < end) {
            if (buffer.getByte(p) != ';') {
                return false;
            }
            int nameStart = Ascii.skipWhitespace(buffer, p + 1, end);
            p = nameStart;
            while (p < end && Ascii.isToken(buffer.getByte(p))) {
                p++;
            }
            int nameEnd = p;
            if (nameEnd == nameStart) {
                return false;
            }
            long param = pack(nameEnd, 0);
            p = Ascii.skipWhitespace(buffer, p, end);
            if (p < end && buffer.getByte(p) == '=') {
                int valueStart = Ascii.skipWhitespace(buffer, p + 1, end);
                p = valueEnd(buffer, valueStart, end);
                if (p <= valueStart) {
                    return false;
                }
                param = pack(valueStart, p - valueStart);
                p = Ascii.skipWhitespace(buffer, p, end);
            }
            for (int k = 0; k < lowerCaseNames.length; k++) {
                if (found[k] == NOT_FOUND && Ascii.equalsIgnoreCase(buffer, nameStart, nameEnd - nameStart, lowerCaseNames[k])) {
                    found[k] = param;
                }
            }
        }
        return true;
    }

    /** End of a gen-value at {@code from}, or -1 for an unterminated quoted string. */
    private static int valueEnd(DirectBuffer buffer, int from, int end) {
        if (from < end && buffer.getByte(from) == '"') {
            return quotedStringEnd(buffer, from, end);
        }
        int p = from;
        while (p < end) {
            byte b = buffer.getByte(p);
            if (!Ascii.isToken(b) && b != ':' && b != '[' && b != ']') {
                break;
            }
            p++;
        }
        return p;
    }

    /** Index just past the closing quote of the quoted string at {@code quote}, or -1 when it is not closed. */
    public static int quotedStringEnd(DirectBuffer buffer, int quote, int end) {
        int p = quote + 1;
        while (p < end) {
            byte b = buffer.getByte(p);
            if (b == '\\') {
                p += 2;
                continue;
            }
            p++;
            if (b == '"') {
                return p;
            }
        }
        return -1;
    }

    /** Returns the index just past the closing quote of the quoted string starting at {@code quote}. */
    public static int skipQuoted(DirectBuffer buffer, int quote, int end) {
        int closed = quotedStringEnd(buffer, quote, end);
        return closed < 0 ? end : closed;
    }

    /**
     * End of the first element of a comma-separated header value starting at {@code from}:
     * commas inside quotes or angle brackets do not count.
     */
    public static int firstValueEnd(DirectBuffer buffer, int from, int end) {
        // Word-wise from one delimiter to the next: most values hold none, or only "<...>".
        boolean inAngle = false;
        int p = from;
        while (true) {
            p = inAngle ? Ascii.indexOfAny(buffer, p, end, (byte) '>', (byte) '"', (byte) '"')
                : Ascii.indexOfAny(buffer, p, end, (byte) '"', (byte) '<', (byte) ',');
            if (p < 0) {
                return Ascii.trimTrailingWhitespace(buffer, from, end);
            }
            byte b = buffer.getByte(p);
            if (b == '"') {
                p = skipQuoted(buffer, p, end);
                continue;
            }
            if (b == ',') {
                return Ascii.trimTrailingWhitespace(buffer, from, p);
            }
            inAngle = b == '<';
            p++;
        }
    }
}
