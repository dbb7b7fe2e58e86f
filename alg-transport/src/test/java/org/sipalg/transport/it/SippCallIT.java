package org.sipalg.transport.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sipalg.core.status.CounterId;
import org.sipalg.transport.AlgServer;

/**
 * End to end: the ALG with the shipped {@code config/alg.yaml}, SIPp Bob (uas_bob.xml) behind its outside face and
 * SIPp Alice (uac_alice.xml) in front of its inside face, 100 RFC 3665 §3.5 calls. Every rewrite check lives in the
 * scenarios (see {@code src/test/resources/sipp/README.md}); a failed check fails the call, so both exit codes and
 * Alice's final stat row must be clean. Skipped without SIPp, except under CI.
 */
class SippCallIT extends ShippedAlgIT {

    private static final int CALLS = 100;
    private static final int RATE = 50;
    private static final int HOLD_MS = 100;
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @BeforeAll
    static void requireSipp() {
        Sipp.assumeAvailable();
    }

    @Test
    void shouldCarryHundredCallsFromAliceToBobWithEveryAddressRewritten() throws Exception {
        Path dir = Sipp.outputDir("SippCallIT.hundredCalls");

        Sipp.CallRun run = Sipp.runCall(dir, CALLS, RATE, HOLD_MS, TIMEOUT);

        String details = run.describe() + algCounters(server);
        assertAll("SIPp through the ALG",
                () -> assertEquals(0, run.alice().exitCode(), "Alice's exit code" + details),
                () -> assertEquals(0, run.bob().exitCode(), "Bob's exit code" + details),
                () -> assertEquals(CALLS, run.alice().successful(), "Alice's SuccessfulCall(C)" + details),
                () -> assertEquals(0, run.alice().failed(), "Alice's FailedCall(C)" + details));
        // CALLS_ENDED follows the BYE; Bob's 200 to the last BYE has reached Alice, so it is counted already.
        assertAll("ALG counters" + algCounters(server),
                () -> assertTrue(server.counter(CounterId.CALLS_STARTED) >= CALLS, "CALLS_STARTED >= " + CALLS),
                () -> assertTrue(server.counter(CounterId.CALLS_ENDED) >= CALLS, "CALLS_ENDED >= " + CALLS),
                () -> assertEquals(0, server.counter(CounterId.DROPPED_MALFORMED), "DROPPED_MALFORMED"));
    }

    /** Every non-zero ALG counter, for assertion messages. */
    static String algCounters(AlgServer server) {
        StringBuilder s = new StringBuilder("\n==== ALG counters (non-zero): ");
        for (CounterId id : CounterId.values()) {
            long value = server.counter(id);
            if (value != 0) {
                s.append(id).append('=').append(value).append(' ');
            }
        }
        return s.append("activeCalls=").append(server.activeCalls()).append('\n').toString();
    }
}
