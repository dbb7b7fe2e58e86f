package org.sipalg.core.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipalg.core.testing.Fixtures.ALICE_IP;
import static org.sipalg.core.testing.Fixtures.ALICE_PORT;
import static org.sipalg.core.testing.Fixtures.INSIDE;
import static org.sipalg.core.testing.Fixtures.OUTSIDE;
import static org.sipalg.core.testing.Fixtures.PROXY2_IP;
import static org.sipalg.core.testing.Fixtures.PROXY2_PORT;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.sipalg.core.status.CounterId;
import org.sipalg.core.status.Counters;
import org.sipalg.core.testing.CapturingOutbound;
import org.sipalg.core.testing.CapturingOutbound.Sent;
import org.sipalg.core.testing.Fixtures;
import org.sipalg.core.testing.Sip;

/**
 * The ALG as a transaction-stateful proxy (RFC 3261 §16/§17 over UDP): retransmissions absorbed
 * and made, Timers A/B/C/E/F/G, 408, hop-by-hop CANCEL and ACK, and nothing left behind.
 */
class TransactionTest {
    private static final String F1 = Fixtures.message("rfc3665-3.5/F1-invite.sip");
    private static final long TIMER_C_MS = 10_000;

    private final Counters counters = new Counters();
    private final SipProcessor processor = new SipProcessor(
        new ProcessorSettings(Fixtures.defaultRealms(), 0, 1, 1024, TIMER_C_MS, 4 * 3_600_000L, 16_000), counters, 0);
    private final CapturingOutbound out = new CapturingOutbound();
    private long nowMs = 1_000;

    private List<Sent> receive(String message, int realm, int ip, int port) {
        return out.feed(processor, message, realm, ip, port, nowMs);
    }

    private List<Sent> fromAlice(String message) {
        return receive(message, INSIDE, ALICE_IP, ALICE_PORT);
    }

    private List<Sent> fromProxy(String message) {
        return receive(message, OUTSIDE, PROXY2_IP, PROXY2_PORT);
    }

    private List<Sent> advance(long ms) {
        nowMs += ms;
        return out.tick(processor, nowMs - ms, nowMs);
    }

    /** Proxy 2's answer to the INVITE the ALG forwarded (its Vias), e.g. 180 Ringing or 486 Busy Here. */
    private static String answer(String forwardedInvite, String statusLine) {
        return Fixtures.message("rfc3665-3.5/F4-180.sip", Map.of("VIAS", Sip.viaLines(forwardedInvite), "RECORD_ROUTE", ""))
            .replace("SIP/2.0 180 Ringing", statusLine);
    }

    private static String cancelOf(String invite) {
        String head = invite.substring(0, invite.indexOf("\r\n\r\n") + 2)
            .replace("INVITE sip:", "CANCEL sip:").replace("CSeq: 1 INVITE", "CSeq: 1 CANCEL")
            .replaceAll("Content-Type: [^\r]*\r\n", "").replaceAll("Content-Length: [^\r]*\r\n", "");
        return head + "Content-Length: 0\r\n\r\n";
    }

    private static String ackOf(String invite, String response) {
        return cancelOf(invite).replace("CANCEL sip:", "ACK sip:").replace("CSeq: 1 CANCEL", "CSeq: 1 ACK")
            .replaceAll("To: [^\r]*", "To: " + Sip.header(response, "To"));
    }

    private void assertNothingLeft() {
        advance(40_000);
        assertEquals(0, processor.activeCalls(), "no call left");
        assertEquals(0, processor.activeTransactions(), "no transaction left");
        assertEquals(processor.ports(INSIDE).capacity(), processor.ports(INSIDE).available(), "inside ports back");
        assertEquals(processor.ports(OUTSIDE).capacity(), processor.ports(OUTSIDE).available(), "outside ports back");
    }

    @Test
    void shouldAnswerARetransmittedInviteWithTheLastProvisionalAndNotForwardItAgain() {
        String invite = fromAlice(F1).get(1).text();
        List<Sent> ringing = fromProxy(answer(invite, "SIP/2.0 180 Ringing"));
        assertEquals(1, ringing.size());

        List<Sent> again = fromAlice(F1);

        assertEquals(1, again.size(), "absorbed, not forwarded");
        assertEquals("SIP/2.0 180 Ringing", Sip.startLine(again.get(0).text()));
        assertEquals("127.0.1.10:5061", again.get(0).destination());
        assertEquals(1, counters.get(CounterId.RETRANSMISSIONS_ABSORBED));
    }

    @Test
    void shouldNotForwardTheNextHopsOwn100Trying() {
        String invite = fromAlice(F1).get(1).text();

        assertTrue(fromProxy(answer(invite, "SIP/2.0 100 Trying")).isEmpty(), "a 100 is hop by hop (RFC 3261 §16.7)");
    }

    @Test
    void shouldRetransmitWithTimerAThenAnswer408OnTimerBAndRefuseTheSilentHopFor503() {
        String invite = fromAlice(F1).get(1).text();

        List<Sent> retransmissions = advance(31_000);
        // Timer A: 0.5, 1.5, 3.5, 7.5, 15.5 and 31.5 s would be the 6 retransmissions within 64*T1.
        assertEquals(5, retransmissions.size(), "0.5 s, then doubling");
        for (Sent sent : retransmissions) {
            assertEquals(invite, sent.text());
            assertEquals("127.0.2.20:5060", sent.destination());
        }
        List<Sent> timeout = advance(2_000);
        Sent timedOut = timeout.get(timeout.size() - 1);
        assertEquals("SIP/2.0 408 Request Timeout", Sip.startLine(timedOut.text()));
        assertEquals("127.0.1.10:5061", timedOut.destination());
        assertEquals(1, Sip.headers(timedOut.text(), "Via").size(), "the ALG's own Via is not in it");
        assertEquals(1, counters.get(CounterId.TRANSACTION_TIMEOUTS));

        List<Sent> next = fromAlice(F1.replace("3848276298220188511@", "next@"));
        assertEquals("SIP/2.0 503 Service Unavailable (next hop not answering)", Sip.startLine(next.get(0).text()));
        assertEquals(1, next.size());

        fromAlice(ackOf(F1, timedOut.text()));
        assertNothingLeft();
    }

    @Test
    void shouldCancelHopByHopAckThe487ItselfAndAbsorbAlicesAck() {
        String invite = fromAlice(F1).get(1).text();
        fromProxy(answer(invite, "SIP/2.0 180 Ringing"));

        List<Sent> cancelled = fromAlice(cancelOf(F1));
        assertEquals(2, cancelled.size());
        assertEquals("SIP/2.0 200 OK", Sip.startLine(cancelled.get(0).text()));
        assertEquals("127.0.1.10:5061", cancelled.get(0).destination());
        String cancel = cancelled.get(1).text();
        assertEquals("CANCEL sip:bob@biloxi.example.com SIP/2.0", Sip.startLine(cancel));
        assertEquals("127.0.2.20:5060", cancelled.get(1).destination());
        assertEquals(List.of(Sip.headers(invite, "Via").get(0)), Sip.headers(cancel, "Via"), "our INVITE's branch only");
        assertEquals("1 CANCEL", Sip.header(cancel, "CSeq"));
        assertEquals(Sip.header(invite, "To"), Sip.header(cancel, "To"));
        assertEquals("0", Sip.header(cancel, "Content-Length"));

        String okToCancel = answer(invite, "SIP/2.0 200 OK").replace("CSeq: 1 INVITE", "CSeq: 1 CANCEL");
        assertTrue(fromProxy(okToCancel).isEmpty(), "the 200 to our CANCEL stops here");
        assertEquals(0, counters.get(CounterId.DROPPED_RESPONSE_UNROUTABLE), "absorbed as the answer to our CANCEL, not dropped");

        List<Sent> terminated = fromProxy(answer(invite, "SIP/2.0 487 Request Terminated"));
        assertEquals(2, terminated.size());
        String ack = terminated.get(0).text();
        assertEquals("ACK sip:bob@biloxi.example.com SIP/2.0", Sip.startLine(ack));
        assertEquals("127.0.2.20:5060", terminated.get(0).destination());
        assertEquals("1 ACK", Sip.header(ack, "CSeq"));
        assertTrue(Sip.header(ack, "To").endsWith(";tag=314159"), "the 487's To tag");
        assertEquals("SIP/2.0 487 Request Terminated", Sip.startLine(terminated.get(1).text()));
        assertEquals("127.0.1.10:5061", terminated.get(1).destination());

        assertTrue(fromAlice(ackOf(F1, terminated.get(1).text())).isEmpty(), "Alice's ACK of the 487 is the ALG's to absorb");
        assertEquals(1, counters.get(CounterId.ACKS_ABSORBED));
        assertEquals(1, counters.get(CounterId.CANCELS_SENT));
        assertEquals(1, counters.get(CounterId.ACKS_SENT));
        assertNothingLeft();
    }

    @Test
    void shouldHoldACancelUntilTheFirstProvisionalThenSendIt() {
        String invite = fromAlice(F1).get(1).text();

        List<Sent> cancelled = fromAlice(cancelOf(F1));
        assertEquals(1, cancelled.size(), "200 to Alice, nothing downstream before a provisional (RFC 3261 §9.1)");

        List<Sent> ringing = fromProxy(answer(invite, "SIP/2.0 180 Ringing"));
        assertEquals("CANCEL sip:bob@biloxi.example.com SIP/2.0", Sip.startLine(ringing.get(0).text()));
    }

    @Test
    void shouldAnswer487WhenTheNextHopNeverAnswersACancelledInvite() {
        fromAlice(F1);
        fromAlice(cancelOf(F1));

        List<Sent> sent = advance(33_000);

        assertEquals("SIP/2.0 487 Request Terminated", Sip.startLine(sent.get(sent.size() - 1).text()));
    }

    @Test
    void shouldCancelAnInviteThatRingsLongerThanTimerC() {
        String invite = fromAlice(F1).get(1).text();
        fromProxy(answer(invite, "SIP/2.0 180 Ringing"));

        List<Sent> sent = advance(TIMER_C_MS + 100);

        assertEquals(1, sent.size());
        assertEquals("CANCEL sip:bob@biloxi.example.com SIP/2.0", Sip.startLine(sent.get(0).text()));
        assertEquals(1, counters.get(CounterId.INVITE_TIMEOUTS));
        List<Sent> terminated = fromProxy(answer(invite, "SIP/2.0 487 Request Terminated"));
        assertEquals("SIP/2.0 487 Request Terminated", Sip.startLine(terminated.get(1).text()));
    }

    @Test
    void shouldAckARetransmittedFinalAgainWithoutForwardingIt() {
        String invite = fromAlice(F1).get(1).text();
        String busy = answer(invite, "SIP/2.0 486 Busy Here");
        assertEquals(2, fromProxy(busy).size());

        List<Sent> again = fromProxy(busy);

        assertEquals(1, again.size());
        assertEquals("ACK sip:bob@biloxi.example.com SIP/2.0", Sip.startLine(again.get(0).text()));
    }

    @Test
    void shouldRetransmitANonSuccessFinalWithTimerGUntilAlicesAck() {
        String invite = fromAlice(F1).get(1).text();
        String busyToAlice = fromProxy(answer(invite, "SIP/2.0 486 Busy Here")).get(1).text();

        List<Sent> repeated = advance(600);
        assertEquals(1, repeated.size());
        assertEquals(busyToAlice, repeated.get(0).text());

        fromAlice(ackOf(F1, busyToAlice));
        assertTrue(advance(5_000).isEmpty(), "the ACK stops Timer G");
        assertNothingLeft();
    }

    @Test
    void shouldRetransmitANonInviteWithTimerEAndEndItSilentlyOnTimerF() {
        String options = Fixtures.message("rfc3665-3.5/F1-invite.sip")
            .replace("3848276298220188511@", "options-only@")
            .replaceFirst("INVITE sip:", "OPTIONS sip:").replace("CSeq: 1 INVITE", "CSeq: 1 OPTIONS");
        fromAlice(options);

        List<Sent> sent = advance(33_000);

        long retransmissions = sent.stream().filter(s -> Sip.startLine(s.text()).startsWith("OPTIONS")).count();
        assertEquals(10, retransmissions, "0.5, 1, 2, 4 s, then every 4 s (T2) until 32 s");
        assertEquals(retransmissions, sent.size(), "RFC 4320 §4.1: no 408 to a non-INVITE");
        assertEquals(1, counters.get(CounterId.TRANSACTION_TIMEOUTS));
        assertNothingLeft();
    }

    @Test
    void shouldNotAbsorbARequestOfAnotherMethodThatReusesABranch() {
        fromAlice(F1);

        List<Sent> sent = fromAlice(F1.replaceFirst("INVITE sip:", "INFO sip:").replace("CSeq: 1 INVITE", "CSeq: 2 INFO"));

        assertEquals(0, counters.get(CounterId.RETRANSMISSIONS_ABSORBED), "not a retransmission: another method");
        assertEquals("INFO sip:bob@biloxi.example.com SIP/2.0", Sip.startLine(sent.get(0).text()));
    }

    @Test
    void shouldNotAnswerRetransmissionsWithALate2xxAfterItsOwn408() {
        String invite = fromAlice(F1).get(1).text();
        advance(33_000);   // Timer B: 408 to Alice
        List<Sent> late = fromProxy(answer(invite, "SIP/2.0 200 OK"));
        assertEquals("SIP/2.0 200 OK", Sip.startLine(late.get(0).text()), "a 2xx is always passed on");

        List<Sent> again = advance(2_000);

        assertTrue(again.stream().noneMatch(s -> Sip.startLine(s.text()).startsWith("SIP/2.0 200")),
            "Timer G resends the 408, never the late 2xx: " + again);
    }

    @Test
    void shouldForwardAnUnknownMethodAsANonInviteRequest() {
        // RFC 3261 §16.6: a proxy forwards a method it does not know like any non-INVITE request.
        String unknown = F1.replace("3848276298220188511@", "unknown@").replaceFirst("INVITE sip:", "NEWMETHOD sip:")
            .replace("CSeq: 1 INVITE", "CSeq: 1 NEWMETHOD");

        List<Sent> sent = fromAlice(unknown);

        assertEquals(1, sent.size(), "no 100 Trying for a non-INVITE");
        assertEquals("NEWMETHOD sip:bob@biloxi.example.com SIP/2.0", Sip.startLine(sent.get(0).text()));
        assertEquals("127.0.2.20:5060", sent.get(0).destination());
        assertTrue(Sip.headers(sent.get(0).text(), "Record-Route").isEmpty(), "it creates no dialog the ALG knows of");
        String answer = answer(sent.get(0).text(), "SIP/2.0 501 Not Implemented").replace("CSeq: 1 INVITE", "CSeq: 1 NEWMETHOD");
        List<Sent> back = fromProxy(answer);
        assertEquals("SIP/2.0 501 Not Implemented", Sip.startLine(back.get(0).text()));
        assertNothingLeft();
    }
}
