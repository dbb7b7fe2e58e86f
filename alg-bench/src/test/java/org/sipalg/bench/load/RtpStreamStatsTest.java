package org.sipalg.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RtpStreamStatsTest {
    private static final long MS = 1_000_000L;

    @Test
    void shouldSeeNoJitterWhenPacketsArriveExactlyEveryTwentyMilliseconds() {
        RtpStreamStats stats = new RtpStreamStats();
        for (int i = 0; i < 100; i++) {
            long sent = 1_000 * MS + i * 20 * MS;
            stats.onPacket(i * 160L, sent + 3 * MS, sent);
        }
        assertEquals(100, stats.received());
        assertEquals(0.0, stats.jitterMillis(), 1e-9);
        assertEquals(3.0, stats.meanTransitMillis(), 1e-9);
    }

    @Test
    void shouldFollowRfc3550WhenTransitAlternates() {
        // Transit alternates 0 / 2 ms: every |D| is 2 ms = 16 units, and J(i) = J(i-1) + (16 - J(i-1)) / 16.
        RtpStreamStats stats = new RtpStreamStats();
        double expectedUnits = 0;
        for (int i = 0; i < 50; i++) {
            long sent = i * 20 * MS;
            stats.onPacket(i * 160L, sent + (i % 2) * 2 * MS, sent);
            if (i > 0) {
                expectedUnits += (16 - expectedUnits) / 16.0;
            }
        }
        assertEquals(expectedUnits / 8.0, stats.jitterMillis(), 1e-6);
    }

    @Test
    void shouldTakeTheNearestRankWhenComputingPercentiles() {
        double[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertEquals(5, RtpLoad.percentile(sorted, 50));
        assertEquals(10, RtpLoad.percentile(sorted, 99));
        assertEquals(0, RtpLoad.percentile(new double[0], 99));
    }
}
