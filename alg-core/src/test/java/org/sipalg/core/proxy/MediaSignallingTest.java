package org.sipalg.core.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipalg.core.testing.Fixtures.ALICE_IP;
import static org.sipalg.core.testing.Fixtures.ALICE_PORT;
import static org.sipalg.core.testing.Fixtures.BOB_IP;
import static org.sipalg.core.testing.Fixtures.BOB_PORT;
import static org.sipalg.core.testing.Fixtures.INSIDE;
import static org.sipalg.core.testing.Fixtures.OUTSIDE;
import static org.sipalg.core.testing.Fixtures.PROXY2_IP;
import static org.sipalg.core.testing.Fixtures.PROXY2_PORT;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.sipalg.core.media.MediaKeys;
import org.sipalg.core.status.CounterId;
import org.sipalg.core.status.Counters;
import org.sipalg.core.testing.CapturingOutbound;
import org.sipalg.core.testing.CapturingOutbound.Sent;
import org.sipalg.core.testing.Fixtures;
import org.sipalg.core.testing.RecordingMediaControl;
import org.sipalg.core.testing.Sip;

/** What the processor tells the relay through an offer/answer exchange (RFC 3264), and the BYEs it sends itself. */
class MediaSignallingTest {
    private static final String CALL_ID = "3848276298220188511@atlanta.example.com";
    private final Counters counters = new Counters();
    private final RecordingMediaControl media = new RecordingMediaControl();
    private final SipProcessor processor = new SipProcessor(Fixtures.defaultSettings(), counters, 0, media);
    private final CapturingOutbound out = new CapturingOutbound();
    private String inviteSeenByBob;

    private List<Sent> receive(String message, int realm, int ip, int port) {
        return out.feed(processor, message, realm, ip, port, 1_000);
    }

    private String answeredCall() {
        inviteSeenByBob = receive(Fixtures.message("rfc3665-3.5/F1-invite.sip"), INSIDE, ALICE_IP, ALICE_PORT).get(1).text();
        String ok = Fixtures.message("rfc3665-3.5/F6-200.sip", Map.of(
            "VIAS", Sip.viaLines(inviteSeenByBob), "RECORD_ROUTE", "Record-Route: " + Sip.header(inviteSeenByBob, "Record-Route")));
        return receive(ok, OUTSIDE, PROXY2_IP, PROXY2_PORT).get(0).text();
    }

    @Test
    void shouldOpenOnTheOfferAimOnEachSdpAndCommitOnTheAnswer() {
        answeredCall();
        assertEquals(List.of(
            "open 0 0:20000 1:30000",
            "target 0 side 0 127.0.1.10:6000",
            "target 0 side 1 127.0.2.10:7000",
            "commit 0"), media.take());
    }

    @Test
    void shouldMoveTheTargetOnAReInviteAndCarryHoldThrough() {
        answeredCall();
        media.take();
        String reInvite = Fixtures.message("rfc3665-3.5/F1-invite.sip")
            .replace("To: Bob <sip:bob@biloxi.example.com>", "To: Bob <sip:bob@biloxi.example.com>;tag=314159")
            .replace("CSeq: 1 INVITE", "CSeq: 2 INVITE")
            .replace("branch=z9hG4bK74bf9", "branch=z9hG4bKreinv")
            .replace("c=IN IP4 127.0.1.10", "c=IN IP4 127.0.1.11")
            .replace("m=audio 6000", "m=audio 6100");
        String moved = receive(Fixtures.withTrueContentLength(reInvite), INSIDE, ALICE_IP, ALICE_PORT).get(1).text();
        assertTrue(moved.contains("m=audio 30000 "), "the relay port Bob sends to stays");
        assertEquals(List.of("target 0 side 0 127.0.1.11:6100"), media.take());

        String hold = reInvite.replace("c=IN IP4 127.0.1.11", "c=IN IP4 0.0.0.0").replace("CSeq: 2", "CSeq: 3")
            .replace("z9hG4bKreinv", "z9hG4bKhold")
            .replace("a=rtpmap:0 PCMU/8000", "a=sendonly");
        String held = receive(Fixtures.withTrueContentLength(hold), INSIDE, ALICE_IP, ALICE_PORT).get(1).text();
        assertTrue(held.contains("c=IN IP4 0.0.0.0"), "hold is carried through");
        assertTrue(held.contains("a=sendonly"));
        assertEquals(List.of("target 0 side 0 0.0.0.0:0"), media.take());
    }

    @Test
    void shouldCloseAStreamSetToPortZero() {
        answeredCall();
        media.take();
        String reInvite = Fixtures.message("rfc3665-3.5/F1-invite.sip")
            .replace("To: Bob <sip:bob@biloxi.example.com>", "To: Bob <sip:bob@biloxi.example.com>;tag=314159")
            .replace("CSeq: 1 INVITE", "CSeq: 2 INVITE").replace("z9hG4bK74bf9", "z9hG4bKreinv").replace("m=audio 6000", "m=audio 0");
        receive(Fixtures.withTrueContentLength(reInvite), INSIDE, ALICE_IP, ALICE_PORT);
        assertEquals(List.of("close 0"), media.take());
        assertEquals(processor.ports(INSIDE).capacity(), processor.ports(INSIDE).available());
    }

    @Test
    void shouldAnswer503WhenNoRelayPortCanBeBound() {
        media.failOpens(true);
        List<Sent> sent = receive(Fixtures.message("rfc3665-3.5/F1-invite.sip"), INSIDE, ALICE_IP, ALICE_PORT);
        assertEquals("SIP/2.0 503 Service Unavailable (no media port)", Sip.startLine(sent.get(0).text()));
        assertEquals(3, counters.get(CounterId.MEDIA_PORT_BIND_FAILED));
        assertEquals(processor.ports(INSIDE).capacity(), processor.ports(INSIDE).available(), "no port kept");
    }

    @Test
    void shouldSendBothSidesABeyOfItsOwnWhenTheCallIsTerminated() {
        answeredCall();
        media.take();
        byte[] callId = CALL_ID.getBytes(StandardCharsets.US_ASCII);
        assertTrue(processor.terminateCall(new UnsafeBuffer(callId), 0, callId.length, 2_000, out));
        List<Sent> byes = out.take();
        assertEquals(2, byes.size());
        String toBob = byes.get(0).text();
        assertEquals("127.0.2.10:5062", byes.get(0).destination(), "straight to Bob's Contact");
        assertEquals("BYE sip:bob@127.0.2.10:5062;transport=udp SIP/2.0", Sip.startLine(toBob));
        assertEquals("Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl", Sip.header(toBob, "From"));
        assertEquals("Bob <sip:bob@biloxi.example.com>;tag=314159", Sip.header(toBob, "To"));
        assertEquals("2 BYE", Sip.header(toBob, "CSeq"), "above Alice's INVITE");
        assertTrue(Sip.header(toBob, "Via").startsWith("SIP/2.0/UDP 127.0.2.1:5060;branch=z9hG4bKsb"));
        String toAlice = byes.get(1).text();
        assertEquals("127.0.1.10:5061", byes.get(1).destination());
        assertEquals("Bob <sip:bob@biloxi.example.com>;tag=314159", Sip.header(toAlice, "From"));
        assertTrue(Sip.header(toAlice, "Via").startsWith("SIP/2.0/UDP 127.0.1.1:5060;"));
        assertEquals(List.of("close 0"), media.take());
        assertEquals(processor.ports(OUTSIDE).capacity(), processor.ports(OUTSIDE).available());

        // Bob's 200 to the ALG's BYE is absorbed, not forwarded.
        String ok = "SIP/2.0 200 OK\r\nVia: " + Sip.header(toBob, "Via") + "\r\nFrom: " + Sip.header(toBob, "From")
            + "\r\nTo: " + Sip.header(toBob, "To") + "\r\nCall-ID: " + CALL_ID + "\r\nCSeq: 2 BYE\r\nContent-Length: 0\r\n\r\n";
        assertTrue(receive(ok, OUTSIDE, BOB_IP, BOB_PORT).isEmpty());
        assertEquals(1, counters.get(CounterId.RESPONSES_TO_OWN_REQUESTS));
    }

    @Test
    void shouldEndTheCallWhenTheRelayReportsSilence() {
        answeredCall();
        assertTrue(processor.onMediaTimeout(MediaKeys.key(0, 0, 1, 0), 70_000, out));
        assertEquals(2, out.take().size());
        assertEquals(1, counters.get(CounterId.MEDIA_TIMEOUTS));
        assertTrue(!processor.onMediaTimeout(MediaKeys.key(0, 0, 2, 0), 70_000, out), "another generation is another call");
    }
}
