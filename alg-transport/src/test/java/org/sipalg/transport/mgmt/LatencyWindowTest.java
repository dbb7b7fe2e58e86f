package org.sipalg.transport.mgmt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.sipalg.transport.pipeline.LatencyProbe;

/** The sliding window over stage probes: merged across shards, forgotten after the window, reset on demand. */
class LatencyWindowTest {
    private final LatencyProbe shard0 = new LatencyProbe(1_000_000);
    private final LatencyProbe shard1 = new LatencyProbe(1_000_000);
    private final LatencyWindow window = new LatencyWindow(List.of(shard0, shard1));

    @Test
    void shouldMergeEveryProbeWhenReadBeforeTheTickerAdvances() {
        for (int i = 1; i <= 99; i++) {
            shard0.record(100);
        }
        shard1.record(10_000);

        Histogram h = window.snapshot();

        assertEquals(100, h.getTotalCount());
        assertEquals(100, h.getValueAtPercentile(50), 1);
        assertTrue(h.getMaxValue() >= 10_000 && h.getMaxValue() <= 10_100, "max within 1%: " + h.getMaxValue());
    }

    @Test
    void shouldForgetValuesOnceTheyLeaveTheWindow() {
        shard0.record(500);
        for (int slot = 0; slot < LatencyWindow.SLOTS - 1; slot++) {
            window.advance();
        }
        assertEquals(1, window.snapshot().getTotalCount(), "still inside the window");

        window.advance();

        assertEquals(0, window.snapshot().getTotalCount(), LatencyWindow.WINDOW_SECONDS + " s later it is gone");
    }

    @Test
    void shouldClampValuesBeyondTheRangeInsteadOfThrowing() {
        shard0.record(Long.MAX_VALUE);
        shard0.record(-5);

        Histogram h = window.snapshot();

        assertEquals(2, h.getTotalCount());
        assertEquals(0, h.getMinValue());
    }

    @Test
    void shouldBeEmptyAfterAReset() {
        shard0.record(100);
        window.snapshot();
        shard1.record(200);

        window.reset();

        assertEquals(0, window.snapshot().getTotalCount());
    }
}
