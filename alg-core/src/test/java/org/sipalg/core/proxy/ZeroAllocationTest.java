package org.sipalg.core.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipalg.core.testing.Fixtures.ALICE_IP;
import static org.sipalg.core.testing.Fixtures.ALICE_PORT;
import static org.sipalg.core.testing.Fixtures.INSIDE;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.sipalg.core.status.Counters;
import org.sipalg.core.testing.CapturingOutbound;
import org.sipalg.core.testing.Fixtures;

/**
 * The hot path allocates nothing once warm: measured with the JVM's per-thread allocation
 * counter around many runs of the same work (the design card's rule, proved here).
 */
class ZeroAllocationTest {
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final int WARM_UP = 50_000;
    private static final int MEASURED = 20_000;
    private static final long LIFETIME_BUDGET_BYTES = 1024;

    private final CapturingOutbound out = new CapturingOutbound().recording(false);
    private final byte[] f1 = Fixtures.message("rfc3665-3.5/F1-invite.sip").getBytes(StandardCharsets.US_ASCII);
    private final UnsafeBuffer f1Buffer = new UnsafeBuffer(f1);

    @Test
    void shouldNotAllocateWhenAbsorbingARetransmittedInvite() {
        SipProcessor processor = new SipProcessor(Fixtures.defaultSettings(), new Counters(), 0);
        Runnable work = () -> processor.onDatagram(f1Buffer, 0, f1.length, INSIDE, ALICE_IP, ALICE_PORT, 1_000, out);
        assertEquals(0, allocatedBytes(work));
        assertEquals(WARM_UP + 3 * MEASURED + 1, out.count(), "forwarded once, then answered 100 each time");
    }

    @Test
    void shouldNotAllocateOverWholeCallLifetimesOnceThePoolsAreWarm() {
        // Short timers so that calls start, time out, linger and leave the table while we measure; 40 ms
        // between INVITEs, so the unanswered INVITEs' transactions (Timer A retransmissions, then a 408 on
        // Timer B after 32 s) run through while the table stays below its size.
        ProcessorSettings settings = new ProcessorSettings(Fixtures.defaultRealms(), 0, 1, 4096, 50, 1_000, 50);
        SipProcessor processor = new SipProcessor(settings, new Counters(), 0);
        int callIdDigits = new String(f1, StandardCharsets.US_ASCII).indexOf("Call-ID: ") + "Call-ID: ".length();
        long[] clock = {0};
        Runnable newCall = () -> {
            clock[0] += 40;
            long n = clock[0];
            for (int i = 7; i >= 0; i--, n /= 10) {
                f1Buffer.putByte(callIdDigits + i, (byte) ('0' + n % 10));
            }
            processor.onDatagram(f1Buffer, 0, f1.length, INSIDE, ALICE_IP, ALICE_PORT, clock[0], out);
            processor.onTick(clock[0], out);
        };
        // Budget, not 0: with transaction timers the JVM itself now and then charges a few dozen bytes to
        // the thread (seen under JFR at lines that allocate nothing: deoptimisation bookkeeping). Anything
        // allocated per call would be at least 16 bytes x 20 000 calls per round, far above it.
        long allocated = allocatedBytes(newCall);
        assertTrue(allocated < LIFETIME_BUDGET_BYTES, allocated + " bytes in " + MEASURED + " call lifetimes");
    }

    /**
     * The least any of three measured rounds allocated: a round in which the JIT recompiles or
     * deoptimises can see a few bytes of the JVM's own; steady-state allocation shows in every round.
     */
    private static long allocatedBytes(Runnable work) {
        for (int i = 0; i < WARM_UP; i++) {
            work.run();
        }
        long least = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            long before = THREADS.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < MEASURED; i++) {
                work.run();
            }
            least = Math.min(least, THREADS.getCurrentThreadAllocatedBytes() - before);
        }
        return least;
    }
}
