package org.sipalg.transport.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import javax.management.openmbean.CompositeData;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sipalg.core.status.CounterId;
import org.sipalg.transport.mgmt.CallsMXBean;
import org.sipalg.transport.mgmt.MgmtNames;

/**
 * {@code terminateCall} over remote JMX: an established SIPp call is ended by the ALG, which sends
 * each side a BYE of its own. Bob's scenario expects a BYE and answers it, so he finishes cleanly;
 * Alice, pausing before her own BYE, receives the ALG's one instead (SIPp answers it and counts
 * her call as aborted, so her result is not checked).
 */
class TerminateCallIT extends ShippedAlgIT {
    private static final Duration SEEN_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(30);
    private static final int HOLD_MS = 10_000;

    private static RemoteJmx jmx;

    @BeforeAll
    static void requireSippAndConnectJmx() throws Exception {
        Sipp.assumeAvailable();
        jmx = RemoteJmx.connect();
    }

    @AfterAll
    static void closeJmx() throws IOException {
        TestAlg.stop(null, jmx);   // before ShippedAlgIT closes the ALG
        jmx = null;
    }

    @Test
    void shouldEndAnEstablishedCallWithAByeToEachSideWhenTheOperatorTerminatesIt() throws Exception {
        Path dir = Sipp.outputDir("TerminateCallIT.terminate");
        CallsMXBean calls = jmx.bean(MgmtNames.CALLS, CallsMXBean.class);
        try (Sipp.Running bob = Sipp.bob(dir, 1).start()) {
            bob.awaitBound(Duration.ofSeconds(5));
            try (Sipp.Running alice = Sipp.alice(dir, 1, 1, HOLD_MS).start()) {
                CompositeData call = jmx.awaitCall(RemoteJmx::confirmed, SEEN_TIMEOUT);
                assertNotNull(call, "an established call within " + SEEN_TIMEOUT);
                String callId = call.get("callId").toString();

                assertTrue(calls.terminateCall(callId), "terminateCall(" + callId + ")");

                assertEquals(0, calls.getActiveCalls(), "the call is over at once");
                assertFalse(calls.terminateCall(callId), "an ended call cannot be ended twice");
                Sipp.Result bobResult = bob.await(RUN_TIMEOUT);
                assertEquals(0, bobResult.exitCode(), "Bob got the ALG's BYE and answered it" + bobResult.describe());
            }
        }
        assertEquals(2, server.counter(CounterId.REQUESTS_ORIGINATED), "one BYE to each side");
        assertFalse(calls.terminateCall("no-such-call@127.0.1.10"));
    }
}
