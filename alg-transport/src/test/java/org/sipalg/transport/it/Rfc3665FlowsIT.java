package org.sipalg.transport.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import javax.management.JMX;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.sipalg.core.status.CounterId;
import org.sipalg.transport.mgmt.CallsMXBean;
import org.sipalg.transport.mgmt.MgmtNames;
import org.sipalg.transport.mgmt.RegistrationsMXBean;

/**
 * End to end: the RFC 3665 call flows other than the basic call (SippCallIT), each a SIPp scenario pair of
 * {@code src/test/resources/sipp} (see its README.md) run through the ALG with the shipped {@code config/alg.yaml}:
 * busy (§3.3 style), CANCEL of a ringing call, the retry after a 407 challenge, a re-INVITE (§3.7 style), and the
 * requests the ALG must refuse itself (483, 420). The checks of each message live in the scenarios; a failed check
 * fails the call, so both exit codes and the call counters must be clean. After each flow the ALG must hold no live
 * call and every media port again. Skipped without SIPp, except under CI.
 */
class Rfc3665FlowsIT extends ShippedAlgIT {

    private static final int CALLS = 5;
    private static final int RATE = 10;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** How long the ALG may take to settle once both SIPp sides have exited. */
    private static final Duration SETTLE = Duration.ofSeconds(5);
    private static final int INSIDE = 0;
    private static final int OUTSIDE = 1;

    private static CallsMXBean calls;

    @BeforeAll
    static void requireSippAndReadCalls() throws Exception {
        Sipp.assumeAvailable();
        // The JMX bean the operator reads: its activeCalls leaves out ended calls that linger for retransmissions.
        calls = JMX.newMXBeanProxy(ManagementFactory.getPlatformMBeanServer(), MgmtNames.of(MgmtNames.CALLS),
                CallsMXBean.class);
    }

    @Test
    void shouldCarryBusyHereToAliceAndAnAckToBobWhenBobIsBusy() throws Exception {
        runFlow("busy");
    }

    @Test
    void shouldEndTheRingingCallOnBothSidesWhenAliceCancelsIt() throws Exception {
        runFlow("cancel");
    }

    @Test
    void shouldRewriteTheRetryLikeTheFirstInviteWhenBobChallengesWith407() throws Exception {
        runFlow("auth");
    }

    @Test
    void shouldRewriteTheNewOfferAndAnswerWhenAliceReInvitesInTheDialog() throws Exception {
        runFlow("reinvite");
    }

    @Test
    void shouldAnswer483And420ItselfAndForwardNothingWhenAliceSendsUnforwardableRequests() throws Exception {
        Path dir = Sipp.outputDir("Rfc3665FlowsIT.errors");
        long forwardedBefore = server.counter(CounterId.REQUESTS_FORWARDED);
        long answeredBefore = server.counter(CounterId.LOCAL_RESPONSES_SENT);

        Sipp.Result alice;
        try (Sipp.Running running = Sipp.uac(dir, "uac_alice_errors.xml", CALLS, RATE).traceMessages().start()) {
            alice = running.await(TIMEOUT);
        }

        String details = alice.describe() + SippCallIT.algCounters(server);
        assertAll("Alice alone against the ALG", Stream.concat(everyCallSucceeded(alice, details), Stream.of(
                // Bob does not run: nothing may have been sent towards him, not even the ACKs.
                () -> assertEquals(forwardedBefore, server.counter(CounterId.REQUESTS_FORWARDED),
                        "REQUESTS_FORWARDED unchanged" + details),
                () -> assertTrue(server.counter(CounterId.LOCAL_RESPONSES_SENT) - answeredBefore >= 3L * CALLS,
                        "LOCAL_RESPONSES_SENT grew by 3 per call at least" + details))));
        assertAlgSettles(details);
    }

    /** Runs the pair uas_bob_{flow}.xml / uac_alice_{flow}.xml, then checks both sides and the ALG. */
    @Test
    void shouldShowTheRegistrarOnlyTheAlgAndAliceHerOwnContactWhenAliceRegistersAndUnregisters() throws Exception {
        Path dir = Sipp.outputDir("Rfc3665FlowsIT.register");

        Sipp.CallRun run = Sipp.runCall(Sipp.registrar(dir, "uas_registrar.xml", CALLS).traceMessages(),
                Sipp.uac(dir, "uac_alice_register.xml", CALLS, RATE).traceMessages(), TIMEOUT);

        String details = run.describe() + SippCallIT.algCounters(server);
        assertAll("SIPp registration through the ALG",
                Stream.concat(everyCallSucceeded(run.alice(), details), everyCallSucceeded(run.bob(), details)));
        assertTrue(server.counter(CounterId.REGISTRATIONS) >= CALLS, "bindings confirmed" + details);
        assertEquals(0, JMX.newMXBeanProxy(ManagementFactory.getPlatformMBeanServer(), MgmtNames.of(MgmtNames.REGISTRATIONS),
                RegistrationsMXBean.class).getCount(), "every binding removed by the de-registration" + details);
    }

    private static void runFlow(String flow) throws Exception {
        Path dir = Sipp.outputDir("Rfc3665FlowsIT." + flow);

        Sipp.CallRun run = Sipp.runCall(Sipp.uas(dir, "uas_bob_" + flow + ".xml", CALLS).traceMessages(),
                Sipp.uac(dir, "uac_alice_" + flow + ".xml", CALLS, RATE).traceMessages(), TIMEOUT);

        String details = run.describe() + SippCallIT.algCounters(server);
        assertAll("SIPp through the ALG, flow " + flow,
                Stream.concat(everyCallSucceeded(run.alice(), details), everyCallSucceeded(run.bob(), details)));
        assertAlgSettles(details);
    }

    /** One SIPp side's exit code 0, SuccessfulCall(C) == CALLS and FailedCall(C) == 0, as assertions for assertAll. */
    private static Stream<Executable> everyCallSucceeded(Sipp.Result side, String details) {
        String who = side.name();
        return Stream.of(
                () -> assertEquals(0, side.exitCode(), who + "'s exit code" + details),
                () -> assertEquals(CALLS, side.successful(), who + "'s SuccessfulCall(C)" + details),
                () -> assertEquals(0, side.failed(), who + "'s FailedCall(C)" + details));
    }

    /**
     * Polls until the ALG has no live call ({@link CallsMXBean#getActiveCalls()}: ended calls that linger for
     * retransmissions do not count) and every media port of both realms back, at most {@link #SETTLE}.
     */
    private static void assertAlgSettles(String details) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (!settled() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertAll("the ALG holds no call and no media port " + SETTLE + " after the flow",
                () -> assertEquals(0, calls.getActiveCalls(), "live calls" + details),
                () -> assertEquals(server.mediaPortCapacity(INSIDE), server.freeMediaPorts(INSIDE),
                        "free media ports, inside" + details),
                () -> assertEquals(server.mediaPortCapacity(OUTSIDE), server.freeMediaPorts(OUTSIDE),
                        "free media ports, outside" + details));
    }

    private static boolean settled() {
        return calls.getActiveCalls() == 0
                && server.freeMediaPorts(INSIDE) == server.mediaPortCapacity(INSIDE)
                && server.freeMediaPorts(OUTSIDE) == server.mediaPortCapacity(OUTSIDE);
    }
}
