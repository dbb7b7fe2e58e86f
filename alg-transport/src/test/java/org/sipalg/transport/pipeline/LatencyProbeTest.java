package org.sipalg.transport.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;

import org.junit.jupiter.api.Test;

/** The stages record a latency per datagram: that must cost no allocation on the hot path. */
class LatencyProbeTest {
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void shouldNotAllocateWhenRecordingInRangeAndOutOfRangeValues() {
        LatencyProbe probe = new LatencyProbe(ShardStage.MAX_PIPELINE_NS);
        for (int i = 0; i < 50_000; i++) {
            probe.record(i * 997L);
        }
        long least = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            long before = THREADS.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 20_000; i++) {
                probe.record(i * 997L);
                probe.record(Long.MAX_VALUE);
            }
            least = Math.min(least, THREADS.getCurrentThreadAllocatedBytes() - before);
        }
        assertEquals(0, least);
        assertEquals(3 * 40_000 + 50_000, probe.takeInterval(null).getTotalCount());
    }
}
