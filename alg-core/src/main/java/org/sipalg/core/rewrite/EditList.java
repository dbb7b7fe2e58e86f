package org.sipalg.core.rewrite;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.sipalg.core.bytes.Ascii;

/**
 * The rewrites of one message, recorded as (offset, length, replacement) against the received
 * bytes and applied once by {@link #writeTo}: the received bytes are never edited in place
 * (Kamailio's "lumps"). Replacement bytes are appended to a scratch area that is reused for every
 * message. An insertion is an edit of length 0; edits must not overlap.
 * Not thread-safe: one per owner.
 */
public final class EditList {
    public static final int DEFAULT_MAX_EDITS = 64;
    public static final int DEFAULT_SCRATCH_SIZE = 16 * 1024;

    private final int[] editOffset;
    private final int[] editLength;
    private final int[] replacementOffset;
    private final int[] replacementLength;
    private final UnsafeBuffer scratch;
    private int count;
    private int scratchUsed;
    private int open = -1;
    private boolean overflow;

    public EditList() {
        this(DEFAULT_MAX_EDITS, DEFAULT_SCRATCH_SIZE);
    }

    public EditList(int maxEdits, int scratchSize) {
        editOffset = new int[maxEdits];
        editLength = new int[maxEdits];
        replacementOffset = new int[maxEdits];
        replacementLength = new int[maxEdits];
        scratch = new UnsafeBuffer(new byte[scratchSize]);
    }

    public void clear() {
        count = 0;
        scratchUsed = 0;
        open = -1;
        overflow = false;
    }

    public int count() {
        return count;
    }

    /** True when an edit did not fit (too many edits or too much replacement text). */
    public boolean overflowed() {
        return overflow;
    }

    /** Starts an edit that replaces [offset, offset + length); append its text, then {@link #end()}. */
    public EditList begin(int offset, int length) {
        if (count == editOffset.length) {
            overflow = true;
            open = -1;
            return this;
        }
        open = count;
        editOffset[open] = offset;
        editLength[open] = length;
        replacementOffset[open] = scratchUsed;
        return this;
    }

    public EditList append(byte[] bytes) {
        if (reserve(bytes.length)) {
            scratch.putBytes(scratchUsed, bytes);
            scratchUsed += bytes.length;
        }
        return this;
    }

    public EditList append(DirectBuffer source, int offset, int length) {
        if (reserve(length)) {
            scratch.putBytes(scratchUsed, source, offset, length);
            scratchUsed += length;
        }
        return this;
    }

    public EditList appendByte(char c) {
        if (reserve(1)) {
            scratch.putByte(scratchUsed++, (byte) c);
        }
        return this;
    }

    public EditList appendNatural(long value) {
        if (reserve(20)) {
            scratchUsed += Ascii.putNatural(scratch, scratchUsed, value);
        }
        return this;
    }

    public EditList appendIpv4(int ipv4) {
        if (reserve(15)) {
            scratchUsed += Ascii.putIpv4(scratch, scratchUsed, ipv4);
        }
        return this;
    }

    public EditList appendHex(long value) {
        if (reserve(16)) {
            scratchUsed += Ascii.putHex(scratch, scratchUsed, value);
        }
        return this;
    }

    /** Hex without leading zeros: short tokens for operators to read. */
    public EditList appendHexMinimal(long value) {
        if (reserve(16)) {
            scratchUsed += Ascii.putHexMinimal(scratch, scratchUsed, value);
        }
        return this;
    }

    private boolean reserve(int length) {
        if (open < 0) {
            return false;
        }
        if (scratchUsed + length > scratch.capacity()) {
            overflow = true;
            return false;
        }
        return true;
    }

    public void end() {
        if (open >= 0) {
            replacementLength[open] = scratchUsed - replacementOffset[open];
            count++;
            open = -1;
        }
    }

    /** Shorthand for an edit that removes [offset, offset + length). */
    public void delete(int offset, int length) {
        begin(offset, length).end();
    }

    /** Change in size that the edits inside [from, to) make. */
    public int deltaWithin(int from, int to) {
        int delta = 0;
        for (int i = 0; i < count; i++) {
            if (editOffset[i] >= from && editOffset[i] < to) {
                delta += replacementLength[i] - editLength[i];
            }
        }
        return delta;
    }

    public int delta() {
        return deltaWithin(Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    /**
     * Copies [from, to) of {@code source} into {@code target} at {@code targetOffset} with every
     * edit applied, in offset order (insertions at one offset keep the order they were made in).
     * Returns the number of bytes written.
     */
    public int writeTo(DirectBuffer source, int from, int to, MutableDirectBuffer target, int targetOffset) {
        sortByOffset();
        int out = targetOffset;
        int in = from;
        for (int i = 0; i < count; i++) {
            int at = editOffset[i];
            if (at > in) {
                target.putBytes(out, source, in, at - in);
                out += at - in;
            }
            target.putBytes(out, scratch, replacementOffset[i], replacementLength[i]);
            out += replacementLength[i];
            in = Math.max(in, at + editLength[i]);
        }
        if (to > in) {
            target.putBytes(out, source, in, to - in);
            out += to - in;
        }
        return out - targetOffset;
    }

    /** Insertion sort, stable: edit lists are short and mostly made in order. */
    private void sortByOffset() {
        for (int i = 1; i < count; i++) {
            int o = editOffset[i];
            int l = editLength[i];
            int ro = replacementOffset[i];
            int rl = replacementLength[i];
            int j = i - 1;
            while (j >= 0 && editOffset[j] > o) {
                editOffset[j + 1] = editOffset[j];
                editLength[j + 1] = editLength[j];
                replacementOffset[j + 1] = replacementOffset[j];
                replacementLength[j + 1] = replacementLength[j];
                j--;
            }
            editOffset[j + 1] = o;
            editLength[j + 1] = l;
            replacementOffset[j + 1] = ro;
            replacementLength[j + 1] = rl;
        }
    }
}
