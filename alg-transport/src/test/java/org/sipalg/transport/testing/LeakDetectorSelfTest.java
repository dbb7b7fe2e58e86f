package org.sipalg.transport.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;

/** The leak check must bite: a buffer dropped unreleased is reported. */
class LeakDetectorSelfTest {
    @Test
    void shouldReportABufferDroppedWithoutRelease() throws Exception {
        leakOne();
        assertFalse(LeakCheckExtension.collectLeaks().isEmpty(), "PARANOID detector with our listener sees the leak");
    }

    private static void leakOne() {
        PooledByteBufAllocator.DEFAULT.directBuffer(64).writeLong(42);
    }
}
