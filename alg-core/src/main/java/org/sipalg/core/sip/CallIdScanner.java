package org.sipalg.core.sip;

import org.agrona.DirectBuffer;
import org.sipalg.core.bytes.Ascii;

/**
 * Finds the Call-ID of a datagram without a full parse, so a stage in front of the shards can
 * pick the one shard that owns the call. Hashes the same bytes as {@link SipMessage#callIdHash()}.
 */
public final class CallIdScanner {
    private static final byte[] CALL_ID = Ascii.bytes("call-id");

    private CallIdScanner() {
    }

    /** The Call-ID hash, or 0 when the datagram has none (such messages go to shard 0). */
    public static long callIdHash(DirectBuffer buffer, int offset, int length) {
        int end = offset + length;
        int p = Ascii.indexOf(buffer, offset, end, Ascii.LF);
        while (p >= 0 && p + 1 < end) {
            int line = p + 1;
            byte first = buffer.getByte(line);
            if (first == Ascii.CR || first == Ascii.LF) {
                return 0;   // end of headers
            }
            int nameEnd = line;
            while (nameEnd < end && Ascii.isToken(buffer.getByte(nameEnd))) {
                nameEnd++;
            }
            int colon = nameEnd;
            while (colon < end && (buffer.getByte(colon) == Ascii.SP || buffer.getByte(colon) == Ascii.HT)) {
                colon++;
            }
            int nameLength = nameEnd - line;
            if (colon < end && buffer.getByte(colon) == ':'
                && ((nameLength == 1 && Ascii.lower(first) == 'i') || Ascii.equalsIgnoreCase(buffer, line, nameLength, CALL_ID))) {
                int lf = Ascii.indexOf(buffer, colon + 1, end, Ascii.LF);
                while (lf >= 0 && lf + 1 < end && (buffer.getByte(lf + 1) == Ascii.SP || buffer.getByte(lf + 1) == Ascii.HT)) {
                    lf = Ascii.indexOf(buffer, lf + 1, end, Ascii.LF);   // folded value, as SipMessage reads it
                }
                int valueEnd = lf < 0 ? end : lf;
                int valueStart = Ascii.skipWhitespace(buffer, colon + 1, valueEnd);
                valueEnd = Ascii.trimTrailingWhitespace(buffer, valueStart, valueEnd);
                return Ascii.hash(Ascii.HASH_SEED, buffer, valueStart, valueEnd - valueStart);
            }
            p = Ascii.indexOf(buffer, line, end, Ascii.LF);
        }
        return 0;
    }
}
