package org.sipalg.core.bytes;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Byte-level helpers over Agrona buffers: case folding, number parsing and formatting without
 * Strings, so the hot path never allocates. All methods are static and stateless.
 */
public final class Ascii {
    public static final byte CR = '\r';
    public static final byte LF = '\n';
    public static final byte SP = ' ';
    public static final byte HT = '\t';

    private static final byte[] LOWER = new byte[256];
    private static final boolean[] TOKEN = new boolean[256];
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    static {
        for (int i = 0; i < 256; i++) {
            LOWER[i] = (byte) (i >= 'A' && i <= 'Z' ? i + 32 : i);
        }
        // RFC 3261 §25.1 token characters.
        for (int c = 'a'; c <= 'z'; c++) TOKEN[c] = true;
        for (int c = 'A'; c <= 'Z'; c++) TOKEN[c] = true;
        for (int c = '0'; c <= '9'; c++) TOKEN[c] = true;
        for (char c : "-.!%*_+`'~".toCharArray()) TOKEN[c] = true;
    }

    private Ascii() {
    }

    public static byte[] bytes(String ascii) {
        return ascii.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    public static int lower(int b) {
        return LOWER[b & 0xFF];
    }

    public static boolean isToken(int b) {
        return TOKEN[b & 0xFF];
    }

    public static boolean isDigit(int b) {
        return b >= '0' && b <= '9';
    }

    public static boolean isWhitespace(int b) {
        return b == SP || b == HT || b == CR || b == LF;
    }

    /** Compares {@code length} bytes at {@code offset} with {@code lowerCaseConstant}, ignoring case. */
    public static boolean equalsIgnoreCase(DirectBuffer buffer, int offset, int length, byte[] lowerCaseConstant) {
        if (length != lowerCaseConstant.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (LOWER[buffer.getByte(offset + i) & 0xFF] != lowerCaseConstant[i]) {
                return false;
            }
        }
        return true;
    }

    public static boolean equals(DirectBuffer buffer, int offset, int length, byte[] constant) {
        if (length != constant.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (buffer.getByte(offset + i) != constant[i]) {
                return false;
            }
        }
        return true;
    }

    public static boolean equals(DirectBuffer a, int aOffset, int aLength, DirectBuffer b, int bOffset, int bLength) {
        if (aLength != bLength) {
            return false;
        }
        for (int i = 0; i < aLength; i++) {
            if (a.getByte(aOffset + i) != b.getByte(bOffset + i)) {
                return false;
            }
        }
        return true;
    }

    public static boolean startsWith(DirectBuffer buffer, int offset, int length, byte[] constant) {
        return length >= constant.length && equals(buffer, offset, constant.length, constant);
    }

    /**
     * Index of {@code b} in [from, end), or -1. Looks at eight bytes per step (SWAR: the lowest
     * byte of {@code word ^ pattern} that is zero is the first match) and never reads past
     * {@code end}.
     */
    public static int indexOf(DirectBuffer buffer, int from, int end, byte b) {
        long pattern = (b & 0xFFL) * ONES;
        int i = from;
        for (; i + Long.BYTES <= end; i += Long.BYTES) {
            long found = zeroBytes(buffer.getLong(i, ByteOrder.LITTLE_ENDIAN) ^ pattern);
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < end; i++) {
            if (buffer.getByte(i) == b) {
                return i;
            }
        }
        return -1;
    }

    /** Index of the first of {@code a}, {@code b} or {@code c} in [from, end), or -1; eight bytes a step as {@link #indexOf}. */
    public static int indexOfAny(DirectBuffer buffer, int from, int end, byte a, byte b, byte c) {
        long patternA = (a & 0xFFL) * ONES;
        long patternB = (b & 0xFFL) * ONES;
        long patternC = (c & 0xFFL) * ONES;
        int i = from;
        for (; i + Long.BYTES <= end; i += Long.BYTES) {
            long word = buffer.getLong(i, ByteOrder.LITTLE_ENDIAN);
            long found = zeroBytes(word ^ patternA) | zeroBytes(word ^ patternB) | zeroBytes(word ^ patternC);
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < end; i++) {
            byte x = buffer.getByte(i);
            if (x == a || x == b || x == c) {
                return i;
            }
        }
        return -1;
    }

    /**
     * True when a byte of {@code word} is below {@code bound} (at most 128) or equals one of the
     * four others: a word-wise test of "no control byte and none of these delimiters".
     */
    public static boolean hasByteBelowOrAny(long word, int bound, byte a, byte b, byte c, byte d) {
        long below = (word - bound * ONES) & ~word & HIGH_BITS;
        return (below | zeroBytes(word ^ ((a & 0xFFL) * ONES)) | zeroBytes(word ^ ((b & 0xFFL) * ONES))
            | zeroBytes(word ^ ((c & 0xFFL) * ONES)) | zeroBytes(word ^ ((d & 0xFFL) * ONES))) != 0;
    }

    /** High bit set in each zero byte of {@code x} (exact for the lowest one, which is all callers use). */
    private static long zeroBytes(long x) {
        return (x - ONES) & ~x & HIGH_BITS;
    }

    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;

    public static int skipWhitespace(DirectBuffer buffer, int from, int end) {
        int i = from;
        while (i < end && isWhitespace(buffer.getByte(i))) {
            i++;
        }
        return i;
    }

    public static int trimTrailingWhitespace(DirectBuffer buffer, int from, int end) {
        int e = end;
        while (e > from && isWhitespace(buffer.getByte(e - 1))) {
            e--;
        }
        return e;
    }

    /**
     * Parses a non-negative decimal in [offset, offset+length). Returns -1 when empty, not all
     * digits, or larger than {@code max}.
     */
    public static long parseNatural(DirectBuffer buffer, int offset, int length, long max) {
        if (length <= 0 || length > 19) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < length; i++) {
            byte b = buffer.getByte(offset + i);
            if (!isDigit(b)) {
                return -1;
            }
            value = value * 10 + (b - '0');
            if (value > max) {
                return -1;
            }
        }
        return value;
    }

    /**
     * Parses a dotted IPv4 address to a big-endian int. Returns {@link #NOT_IPV4} when the bytes
     * are not exactly four decimal octets (a host name, say).
     */
    public static long parseIpv4(DirectBuffer buffer, int offset, int length) {
        int octets = 0;
        int value = 0;
        int current = -1;
        for (int i = 0; i < length; i++) {
            byte b = buffer.getByte(offset + i);
            if (isDigit(b)) {
                current = (current < 0 ? 0 : current * 10) + (b - '0');
                if (current > 255) {
                    return NOT_IPV4;
                }
            } else if (b == '.' && current >= 0 && octets < 3) {
                value = (value << 8) | current;
                octets++;
                current = -1;
            } else {
                return NOT_IPV4;
            }
        }
        if (octets != 3 || current < 0) {
            return NOT_IPV4;
        }
        return ((value << 8) | current) & 0xFFFFFFFFL;
    }

    public static final long NOT_IPV4 = -1;

    /** Writes {@code bytes} at {@code offset}; returns the offset just past them. */
    public static int put(MutableDirectBuffer buffer, int offset, byte[] bytes) {
        buffer.putBytes(offset, bytes);
        return offset + bytes.length;
    }

    /** Writes {@code value} in decimal at {@code offset}; returns the number of bytes written. */
    public static int putNatural(MutableDirectBuffer buffer, int offset, long value) {
        if (value >= 0 && value <= Integer.MAX_VALUE) {
            return putNatural(buffer, offset, (int) value);   // int division by 10 compiles to a multiply
        }
        int digits = 0;
        for (long v = value; v > 0; v /= 10) {
            digits++;
        }
        long v = value;
        for (int i = digits - 1; i >= 0; i--) {
            buffer.putByte(offset + i, (byte) ('0' + (v % 10)));
            v /= 10;
        }
        return digits;
    }

    private static int putNatural(MutableDirectBuffer buffer, int offset, int value) {
        int digits = decimalDigits(value);
        int v = value;
        for (int p = offset + digits - 1; p >= offset; p--) {
            int quotient = v / 10;
            buffer.putByte(p, (byte) ('0' + v - quotient * 10));
            v = quotient;
        }
        return digits;
    }

    private static int decimalDigits(int value) {
        int digits = 1;
        for (int bound = 10; digits < 10 && value >= bound; bound *= 10) {
            digits++;
        }
        return digits;
    }

    public static int putIpv4(MutableDirectBuffer buffer, int offset, int ipv4) {
        int p = offset;
        for (int shift = 24; shift >= 0; shift -= 8) {
            p += putNatural(buffer, p, (ipv4 >>> shift) & 0xFF);
            if (shift > 0) {
                buffer.putByte(p++, (byte) '.');
            }
        }
        return p - offset;
    }

    /** Writes the 64-bit value as 16 lower-case hex digits. */
    public static int putHex(MutableDirectBuffer buffer, int offset, long value) {
        for (int i = 0; i < 16; i++) {
            buffer.putByte(offset + i, HEX[(int) (value >>> (60 - 4 * i)) & 0xF]);
        }
        return 16;
    }

    public static int putHexMinimal(MutableDirectBuffer buffer, int offset, long value) {
        int digits = Math.max(1, (67 - Long.numberOfLeadingZeros(value)) / 4);
        for (int i = 0; i < digits; i++) {
            buffer.putByte(offset + i, HEX[(int) (value >>> (4 * (digits - 1 - i))) & 0xF]);
        }
        return digits;
    }

    /** True when the {@code length} (≤ 16) hex digits at {@code offset} spell {@code value}'s low bits. */
    public static boolean hexEquals(DirectBuffer buffer, int offset, int length, long value) {
        for (int i = 0; i < length; i++) {
            int digit = (int) (value >>> (4 * (length - 1 - i))) & 0xF;
            if (buffer.getByte(offset + i) != HEX[digit]) {
                return false;
            }
        }
        return true;
    }

    public static String ipv4ToString(int ipv4) {
        return ((ipv4 >>> 24) & 0xFF) + "." + ((ipv4 >>> 16) & 0xFF) + "." + ((ipv4 >>> 8) & 0xFF) + "." + (ipv4 & 0xFF);
    }

    /**
     * A 64-bit hash of [offset, offset + length), chained through {@code seed}; used for Call-ID
     * sharding (the same bytes give the same shard in {@link org.sipalg.core.sip.CallIdScanner}
     * and {@link org.sipalg.core.sip.SipMessage#callIdHash()}), the call table and branch ids.
     * Eight bytes per step with MurmurHash3's block mix, the tail byte by byte, then its 64-bit
     * finaliser, so every input bit reaches the low bits that pick a table slot.
     */
    public static long hash(long seed, DirectBuffer buffer, int offset, int length) {
        long h = seed ^ (length * 0x9E3779B97F4A7C15L);
        int i = 0;
        for (; i + Long.BYTES <= length; i += Long.BYTES) {
            long k = buffer.getLong(offset + i, ByteOrder.LITTLE_ENDIAN) * 0x87C37B91114253D5L;
            h ^= Long.rotateLeft(k, 31) * 0x4CF5AD432745937FL;
            h = Long.rotateLeft(h, 27) * 5 + 0x52DCE729L;
        }
        for (; i < length; i++) {
            h ^= buffer.getByte(offset + i) & 0xFF;
            h *= 0x100000001B3L;
        }
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        return h ^ (h >>> 33);
    }

    public static final long HASH_SEED = 0xcbf29ce484222325L;

    /** Parses hex digits; -1 when empty, too long or not hex. */
    public static long parseHex(DirectBuffer buffer, int offset, int length) {
        if (length <= 0 || length > 15) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < length; i++) {
            int b = lower(buffer.getByte(offset + i));
            int digit;
            if (b >= '0' && b <= '9') {
                digit = b - '0';
            } else if (b >= 'a' && b <= 'f') {
                digit = b - 'a' + 10;
            } else {
                return -1;
            }
            value = (value << 4) | digit;
        }
        return value;
    }
}
