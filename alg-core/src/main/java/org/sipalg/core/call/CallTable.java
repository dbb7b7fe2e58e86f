package org.sipalg.core.call;

import org.agrona.DirectBuffer;
import org.sipalg.core.pool.IndexPool;

/**
 * The calls one shard owns, by Call-ID: open addressing with linear probing over the Call-ID hash
 * and a pool of {@link Call} objects created on first need and reused after, so steady state
 * allocates nothing. Not thread-safe: owned by one shard thread.
 */
public final class CallTable {
    public static final int MAX_CAPACITY = 1 << 24;   // the token keeps 24 bits of index

    private final Call[] calls;
    private final IndexPool free;
    private final int[] slots;   // call index + 1; 0 = empty
    private final int mask;
    private int size;

    public CallTable(int capacity) {
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        calls = new Call[capacity];
        free = new IndexPool(capacity);
        int slotCount = Integer.highestOneBit(capacity * 2 - 1) << 1;
        slots = new int[slotCount];
        mask = slotCount - 1;
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return calls.length;
    }

    public Call find(DirectBuffer buffer, int offset, int length, long hash) {
        for (int s = (int) hash & mask; slots[s] != 0; s = (s + 1) & mask) {
            Call call = calls[slots[s] - 1];
            if (call.hash == hash && call.callIdEquals(buffer, offset, length)) {
                return call;
            }
        }
        return null;
    }

    /** A new call for this Call-ID, or null when the table is full (or the Call-ID too long). */
    public Call create(DirectBuffer buffer, int offset, int length, long hash, long nowMs) {
        if (free.isFull() || length > Call.MAX_CALL_ID_LENGTH) {
            return null;
        }
        int index = free.take();
        Call call = calls[index];
        if (call == null) {
            call = new Call(index);
            calls[index] = call;
        }
        call.generation = (call.generation + 1) & 0x7FFFFF;
        call.init(buffer, offset, length, hash);
        call.startedMs = nowMs;
        int s = (int) hash & mask;
        while (slots[s] != 0) {
            s = (s + 1) & mask;
        }
        slots[s] = index + 1;
        size++;
        return call;
    }

    /** The live call a Contact token names, or null when it ended or never existed. */
    public Call byToken(long token) {
        int index = Call.tokenIndex(token);
        if (index >= calls.length) {
            return null;
        }
        Call call = calls[index];
        return call != null && call.inUse && call.generation == Call.tokenGeneration(token) ? call : null;
    }

    public Call byIndex(int index) {
        Call call = index >= 0 && index < calls.length ? calls[index] : null;
        return call != null && call.inUse ? call : null;
    }

    public void remove(Call call) {
        int s = (int) call.hash & mask;
        while (slots[s] != call.index + 1) {
            if (slots[s] == 0) {
                throw new IllegalStateException("call " + call.index + " not in table");
            }
            s = (s + 1) & mask;
        }
        // Backward-shift deletion keeps every probe chain unbroken without tombstones.
        int hole = s;
        for (int next = (hole + 1) & mask; slots[next] != 0; next = (next + 1) & mask) {
            int home = (int) calls[slots[next] - 1].hash & mask;
            if (((next - home) & mask) >= ((next - hole) & mask)) {
                slots[hole] = slots[next];
                hole = next;
            }
        }
        slots[hole] = 0;
        call.inUse = false;
        free.give(call.index);
        size--;
    }

    /** Visits every live call (management snapshots; shard thread only). */
    public void forEach(java.util.function.Consumer<Call> visitor) {
        for (Call call : calls) {
            if (call != null && call.inUse) {
                visitor.accept(call);
            }
        }
    }
}
