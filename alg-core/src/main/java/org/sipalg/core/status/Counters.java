package org.sipalg.core.status;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One set of {@link CounterId} values with a single writer (the thread that owns it) and any
 * number of readers: the writer uses plain-read/release-write increments, which cost no more than
 * a field store, and readers see each value whole.
 */
public final class Counters {
    private static final CounterId[] IDS = CounterId.values();
    private final AtomicLongArray values = new AtomicLongArray(IDS.length);

    /** Writer thread only. */
    public void increment(CounterId id) {
        int i = id.ordinal();
        values.setRelease(i, values.getPlain(i) + 1);
    }

    /** Writer thread only. */
    public void add(CounterId id, long delta) {
        int i = id.ordinal();
        values.setRelease(i, values.getPlain(i) + delta);
    }

    /** Any thread: for counters several threads bump (rare paths only). */
    public void incrementShared(CounterId id) {
        values.incrementAndGet(id.ordinal());
    }

    public long get(CounterId id) {
        return values.getAcquire(id.ordinal());
    }

    public void reset() {
        for (int i = 0; i < IDS.length; i++) {
            values.set(i, 0);
        }
    }
}
