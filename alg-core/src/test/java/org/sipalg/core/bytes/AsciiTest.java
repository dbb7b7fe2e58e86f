package org.sipalg.core.bytes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class AsciiTest {
    @Test
    void shouldFindTheFirstMatchAtEveryAlignmentAndNeverReadPastTheEnd() {
        Random random = new Random(8);
        for (int run = 0; run < 2_000; run++) {
            byte[] bytes = new byte[1 + random.nextInt(40)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) (random.nextInt(4) == 0 ? '\n' : random.nextInt(256));
            }
            // The buffer wraps exactly the array: a read past the end would throw.
            UnsafeBuffer buffer = new UnsafeBuffer(bytes);
            int from = random.nextInt(bytes.length);
            int end = from + random.nextInt(bytes.length - from + 1);
            byte wanted = random.nextBoolean() ? (byte) '\n' : bytes[random.nextInt(bytes.length)];
            int expected = -1;
            for (int i = from; i < end; i++) {
                if (bytes[i] == wanted) {
                    expected = i;
                    break;
                }
            }
            assertEquals(expected, Ascii.indexOf(buffer, from, end, wanted), "run " + run);
        }
    }

    @Test
    void shouldWriteEveryNumberAsLongDoes() {
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[32]);
        long[] values = {0, 7, 9, 10, 99, 100, 5060, 65535, 999_999_999, 1_000_000_000, Integer.MAX_VALUE,
            Integer.MAX_VALUE + 1L, 0xFFFFFFFFL, Long.MAX_VALUE};
        for (long value : values) {
            int length = Ascii.putNatural(buffer, 3, value);
            assertEquals(Long.toString(value), buffer.getStringWithoutLengthAscii(3, length));
        }
    }

    @Test
    void shouldHashEqualBytesEquallyWhereverTheyLieAndSpreadTheLowBits() {
        byte[] a = "xx3848276298220188511@atlanta.example.com".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] b = ("3848276298220188511@atlanta.example.com").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertEquals(Ascii.hash(Ascii.HASH_SEED, new UnsafeBuffer(a), 2, b.length), Ascii.hash(Ascii.HASH_SEED, new UnsafeBuffer(b), 0, b.length));
        // Call-IDs that differ in one byte of a word land in different slots of a 1024-slot table.
        java.util.Set<Long> slots = new java.util.HashSet<>();
        for (int i = 0; i < 256; i++) {
            b[5] = (byte) i;
            slots.add(Ascii.hash(Ascii.HASH_SEED, new UnsafeBuffer(b), 0, b.length) & 1023);
        }
        assertEquals(true, slots.size() > 200, "distinct slots: " + slots.size());
    }
}
