package org.sipalg.transport.mgmt;

import java.util.List;

import org.HdrHistogram.Histogram;
import org.sipalg.transport.pipeline.LatencyProbe;

/**
 * A sliding window over the intervals of one stage's probes (one per shard):
 * {@link #SLOTS} slots of {@link #SLOT_SECONDS} s each. The management ticker
 * {@link #advance}s it; a reader's {@link #snapshot} first takes what the probes recorded since,
 * so a JMX read right after traffic already sees it. Management threads only (synchronized).
 */
final class LatencyWindow {
    static final int SLOT_SECONDS = 5;
    static final int SLOTS = 12;
    static final int WINDOW_SECONDS = SLOT_SECONDS * SLOTS;

    private final List<LatencyProbe> probes;
    private final Histogram[] recycled;
    private final Histogram[] slots = new Histogram[SLOTS];
    private int current;

    LatencyWindow(List<LatencyProbe> probes) {
        this.probes = List.copyOf(probes);
        this.recycled = new Histogram[probes.size()];
        long highest = probes.isEmpty() ? 1 : probes.get(0).highestValue();
        for (int s = 0; s < SLOTS; s++) {
            slots[s] = new Histogram(Math.max(2, highest), LatencyProbe.SIGNIFICANT_DIGITS);
        }
    }

    /** Closes the current slot and starts the oldest one afresh: what it held leaves the window. */
    synchronized void advance() {
        takeIntervals();
        current = (current + 1) % SLOTS;
        slots[current].reset();
    }

    /** Every value recorded in the last {@link #WINDOW_SECONDS} s (up to one slot more). */
    synchronized Histogram snapshot() {
        takeIntervals();
        Histogram merged = new Histogram(slots[0].getHighestTrackableValue(), LatencyProbe.SIGNIFICANT_DIGITS);
        for (Histogram slot : slots) {
            merged.add(slot);
        }
        return merged;
    }

    synchronized void reset() {
        takeIntervals();
        for (Histogram slot : slots) {
            slot.reset();
        }
    }

    private void takeIntervals() {
        for (int p = 0; p < probes.size(); p++) {
            recycled[p] = probes.get(p).takeInterval(recycled[p]);
            slots[current].add(recycled[p]);
        }
    }
}
