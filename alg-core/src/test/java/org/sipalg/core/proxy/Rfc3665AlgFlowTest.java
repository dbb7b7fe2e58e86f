package org.sipalg.core.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import org.sipalg.core.status.CounterId;
import org.sipalg.core.status.Counters;
import org.sipalg.core.testing.CapturingOutbound;
import org.sipalg.core.testing.CapturingOutbound.Sent;
import org.sipalg.core.testing.Fixtures;
import org.sipalg.core.testing.Sip;

/**
 * RFC 3665 §3.5 through the processor, message by message, with the addresses of CONVENTIONS.md:
 * what each realm sees carries only the ALG's face of that realm.
 */
class Rfc3665AlgFlowTest {
    private static final String INSIDE_PREFIX = "127.0.1.";
    private static final String OUTSIDE_PREFIX = "127.0.2.";
    private static final byte[] CALL_ID_BYTES = "3848276298220188511@atlanta.example.com".getBytes(StandardCharsets.US_ASCII);

    private final Counters counters = new Counters();
    private final SipProcessor processor = new SipProcessor(Fixtures.defaultSettings(), counters, 0);
    private final CapturingOutbound out = new CapturingOutbound();
    private long nowMs = 1_000;

    private List<Sent> receive(String message, int realm, int ip, int port) {
        return out.feed(processor, message, realm, ip, port, nowMs);
    }

    @Test
    void shouldCarryTheWholeCallWithEachRealmSeeingOnlyItsOwnFace() {
        // F1: Alice's INVITE with the pre-loaded Route.
        List<Sent> f1 = receive(Fixtures.message("rfc3665-3.5/F1-invite.sip"), INSIDE, ALICE_IP, ALICE_PORT);
        assertEquals(2, f1.size(), "100 Trying and the forwarded INVITE");
        Sent trying = f1.get(0);
        assertEquals("SIP/2.0 100 Trying", Sip.startLine(trying.text()));
        assertEquals("127.0.1.10:5061", trying.destination());
        Sent invite = f1.get(1);
        assertEquals(OUTSIDE, invite.realm());
        assertEquals("127.0.2.20:5060", invite.destination(), "a host name goes to the outside realm's next hop (Proxy 2)");
        String inviteText = invite.text();
        assertEquals("INVITE sip:bob@biloxi.example.com SIP/2.0", Sip.startLine(inviteText));
        List<String> vias = Sip.headers(inviteText, "Via");
        assertTrue(vias.get(0).startsWith("SIP/2.0/UDP 127.0.2.1:5060;branch=z9hG4bKsa"), vias.get(0));
        assertEquals("SIP/2.0/UDP 127.0.1.10:5061;branch=z9hG4bK74bf9;rport=5061;received=127.0.1.10", vias.get(1));
        assertTrue(Sip.headers(inviteText, "Route").isEmpty(), "the ALG's own Route is removed");
        assertEquals("69", Sip.header(inviteText, "Max-Forwards"));
        assertEquals("<sip:127.0.2.1:5060;lr;r2=on>, <sip:127.0.1.1:5060;lr;r2=on>", Sip.header(inviteText, "Record-Route"));
        String aliceContactSeenByBob = Sip.header(inviteText, "Contact");
        assertTrue(aliceContactSeenByBob.matches("<sip:alice@127\\.0\\.2\\.1:5060;sipalg=[0-9a-f]+>"), aliceContactSeenByBob);
        assertSdpShowsOnly(inviteText, "127.0.2.1", 30000, 39999);
        assertSeesOnlyItsRealm(inviteText, INSIDE_PREFIX);
        assertContentLengthTrue(inviteText);

        // F4 180 and F6 200 come back from Proxy 2 with the Vias and Record-Route it received.
        Map<String, String> back = Map.of(
            "VIAS", Sip.viaLines(inviteText),
            "RECORD_ROUTE", "Record-Route: " + Sip.header(inviteText, "Record-Route"));
        List<Sent> f4 = receive(Fixtures.message("rfc3665-3.5/F4-180.sip", back), OUTSIDE, PROXY2_IP, PROXY2_PORT);
        assertEquals(1, f4.size());
        assertEquals("127.0.1.10:5061", f4.get(0).destination(), "rport/received of Alice's Via");
        assertEquals(INSIDE, f4.get(0).realm());
        String ringing = f4.get(0).text();
        assertEquals(1, Sip.headers(ringing, "Via").size(), "the ALG's Via is popped");
        assertTrue(Sip.header(ringing, "Contact").matches("<sip:bob@127\\.0\\.1\\.1:5060;sipalg=[0-9a-f]+>"));
        assertSeesOnlyItsRealm(ringing, OUTSIDE_PREFIX);

        List<Sent> f6 = receive(Fixtures.message("rfc3665-3.5/F6-200.sip", back), OUTSIDE, PROXY2_IP, PROXY2_PORT);
        String ok = f6.get(0).text();
        assertEquals("127.0.1.10:5061", f6.get(0).destination());
        String bobContactSeenByAlice = Sip.header(ok, "Contact");
        assertTrue(bobContactSeenByAlice.matches("<sip:bob@127\\.0\\.1\\.1:5060;sipalg=[0-9a-f]+>"), bobContactSeenByAlice);
        assertTrue(Sip.header(ok, "Record-Route").contains("<sip:127.0.1.1:5060;lr;r2=on>"));
        assertSdpShowsOnly(ok, "127.0.2.1".equals("") ? "" : "127.0.1.1", 20000, 29999);
        assertSeesOnlyItsRealm(ok, OUTSIDE_PREFIX);
        assertContentLengthTrue(ok);

        // F9 ACK: Alice's route set is the reversed Record-Route; her target is Bob's Contact as she saw it.
        List<Sent> f9 = receive(Fixtures.message("rfc3665-3.5/F9-ack.sip", Map.of(
            "REQUEST_URI", Sip.uri(bobContactSeenByAlice),
            "ROUTES", "Route: <sip:127.0.1.1:5060;lr;r2=on>, <sip:127.0.2.1:5060;lr;r2=on>")), INSIDE, ALICE_IP, ALICE_PORT);
        assertEquals(1, f9.size(), "no 100 Trying for an ACK");
        assertEquals("127.0.2.10:5062", f9.get(0).destination(), "the Contact token maps back to Bob's real Contact");
        String ack = f9.get(0).text();
        assertEquals("ACK sip:bob@127.0.2.10:5062;transport=udp SIP/2.0", Sip.startLine(ack));
        assertTrue(Sip.headers(ack, "Route").isEmpty(), "both Record-Route entries of the ALG are consumed");
        assertTrue(Sip.headers(ack, "Via").get(0).startsWith("SIP/2.0/UDP 127.0.2.1:5060;branch=z9hG4bKsa"));
        assertSeesOnlyItsRealm(ack, INSIDE_PREFIX);

        assertEquals(1, processor.activeCalls());
        assertEquals(processor.ports(INSIDE).capacity() - 1, processor.ports(INSIDE).available());

        // F12 BYE from Bob: his route set is the Record-Route as he saw it; his target Alice's Contact token.
        List<Sent> f12 = receive(Fixtures.message("rfc3665-3.5/F12-bye.sip", Map.of(
            "REQUEST_URI", Sip.uri(aliceContactSeenByBob),
            "ROUTES", "Route: <sip:127.0.2.1:5060;lr;r2=on>, <sip:127.0.1.1:5060;lr;r2=on>")), OUTSIDE, BOB_IP, BOB_PORT);
        assertEquals(1, f12.size());
        assertEquals("127.0.1.10:5061", f12.get(0).destination());
        String bye = f12.get(0).text();
        assertEquals("BYE sip:alice@127.0.1.10:5061;transport=udp SIP/2.0", Sip.startLine(bye));
        assertTrue(Sip.headers(bye, "Via").get(0).startsWith("SIP/2.0/UDP 127.0.1.1:5060;branch=z9hG4bKsa"));
        assertSeesOnlyItsRealm(bye, OUTSIDE_PREFIX);
        assertEquals(processor.ports(INSIDE).capacity(), processor.ports(INSIDE).available(), "media released on BYE");
        assertEquals(processor.ports(OUTSIDE).capacity(), processor.ports(OUTSIDE).available());

        // F15 200 to the BYE goes back to Bob by his Via (rport).
        List<Sent> f15 = receive(Fixtures.message("rfc3665-3.5/F15-200-bye.sip", Map.of("VIAS", Sip.viaLines(bye))), INSIDE, ALICE_IP, ALICE_PORT);
        assertEquals("127.0.2.10:5062", f15.get(0).destination());
        assertSeesOnlyItsRealm(f15.get(0).text(), INSIDE_PREFIX);

        // The record lingers for retransmissions, then the sweep removes it.
        nowMs += 33_000;
        processor.onTick(nowMs, out);
        assertEquals(0, processor.activeCalls());
        assertEquals(1, counters.get(CounterId.CALLS_STARTED));
        assertEquals(1, counters.get(CounterId.CALLS_ENDED));
    }

    @Test
    void shouldMaskEveryContactValueSoNoneLeaks() {
        String register = Fixtures.message("rfc3665-3.5/F1-invite.sip")
            .replace("Contact: <sip:alice@127.0.1.10:5061;transport=udp>",
                "Contact: <sip:alice@127.0.1.10:5061;transport=udp>, sip:alice@127.0.1.10:5071\r\nm: \"A\" <sip:a@127.0.1.11>;q=0.5");
        String forwarded = receive(Fixtures.withTrueContentLength(register), INSIDE, ALICE_IP, ALICE_PORT).get(1).text();
        List<String> contacts = Sip.headers(forwarded, "Contact");
        contacts.addAll(Sip.headers(forwarded, "m"));
        assertEquals(2, contacts.size(), forwarded);
        for (String contact : contacts) {
            assertFalse(contact.contains(INSIDE_PREFIX), contact);
            assertTrue(contact.contains("@127.0.2.1:5060;sipalg="), contact);
        }
        assertTrue(contacts.get(1).endsWith(";q=0.5"), "header parameters stay");
    }

    @Test
    void shouldAnswer482WhenARequestComesBackUnchangedButLetASpiralThrough() {
        String forwarded = receive(Fixtures.message("rfc3665-3.5/F1-invite.sip"), INSIDE, ALICE_IP, ALICE_PORT).get(1).text();
        // Proxy 2 sends it straight back to the ALG's outside face, its own Via on top.
        String back = forwarded.replaceFirst("Via: ", "Via: SIP/2.0/UDP 127.0.2.20:5060;branch=z9hG4bKp2loop\r\nVia: ");
        List<Sent> looped = receive(back, OUTSIDE, PROXY2_IP, PROXY2_PORT);
        assertEquals("SIP/2.0 482 Loop Detected", Sip.startLine(looped.get(0).text()));
        assertEquals("127.0.2.20:5060", looped.get(0).destination());

        // Retargeted to a user inside (a new Request-URI): a spiral, forwarded again.
        String spiral = back.replace("INVITE sip:bob@biloxi.example.com", "INVITE sip:carol@127.0.1.20");
        List<Sent> spiralled = receive(spiral, OUTSIDE, PROXY2_IP, PROXY2_PORT);
        assertEquals("INVITE sip:carol@127.0.1.20 SIP/2.0", Sip.startLine(spiralled.get(1).text()));
        assertEquals("127.0.1.20:5060", spiralled.get(1).destination());
    }

    @Test
    void shouldAnswer481WhenTheContactTokenIsUnknown() {
        String ack = Fixtures.message("rfc3665-3.5/F12-bye.sip", Map.of(
            "REQUEST_URI", "sip:alice@127.0.2.1:5060;sipalg=2a01",
            "ROUTES", "Route: <sip:127.0.2.1:5060;lr;r2=on>"));
        List<Sent> sent = receive(ack, OUTSIDE, BOB_IP, BOB_PORT);
        assertEquals(1, sent.size());
        assertEquals("SIP/2.0 481 Call/Transaction Does Not Exist", Sip.startLine(sent.get(0).text()));
        assertEquals("127.0.2.10:5062", sent.get(0).destination());
    }

    @Test
    void shouldRefuseToRelayToANextHopInNoRealm() {
        String invite = Fixtures.message("rfc3665-3.5/F1-invite.sip")
            .replace("INVITE sip:bob@biloxi.example.com", "INVITE sip:bob@192.0.2.201");
        List<Sent> sent = receive(invite, INSIDE, ALICE_IP, ALICE_PORT);
        assertEquals(1, sent.size());
        assertEquals("SIP/2.0 403 Forbidden (relay denied)", Sip.startLine(sent.get(0).text()));
        assertEquals("127.0.1.10:5061", sent.get(0).destination());
        assertEquals(0, processor.activeCalls());
        assertEquals(1, counters.get(CounterId.RELAY_DENIED));
    }

    @Test
    void shouldEndTheCallAndFreeItsPortsOnAFinalErrorResponse() {
        String inviteText = receive(Fixtures.message("rfc3665-3.5/F1-invite.sip"), INSIDE, ALICE_IP, ALICE_PORT).get(1).text();
        String busy = Fixtures.message("rfc3665-3.5/F4-180.sip", Map.of("VIAS", Sip.viaLines(inviteText), "RECORD_ROUTE", ""))
            .replace("180 Ringing", "486 Busy Here");
        List<Sent> sent = receive(busy, OUTSIDE, PROXY2_IP, PROXY2_PORT);
        // RFC 3261 §17.1.1.3: the ALG ACKs the non-2xx downstream itself, then passes it on.
        assertEquals("ACK sip:bob@biloxi.example.com SIP/2.0", Sip.startLine(sent.get(0).text()));
        assertEquals("127.0.2.20:5060", sent.get(0).destination());
        assertEquals("SIP/2.0 486 Busy Here", Sip.startLine(sent.get(1).text()));
        assertEquals(processor.ports(INSIDE).capacity(), processor.ports(INSIDE).available());
        nowMs += 33_000;
        processor.onTick(nowMs, out);
        assertEquals(0, processor.activeCalls());
    }

    @Test
    void shouldCarryTheRetryAfterA407OnTheSameCallIdAndLeakNoPort() {
        String f1 = Fixtures.message("rfc3665-3.5/F1-invite.sip");
        String inviteText = receive(f1, INSIDE, ALICE_IP, ALICE_PORT).get(1).text();
        String challenge = Fixtures.message("rfc3665-3.5/F4-180.sip", Map.of("VIAS", Sip.viaLines(inviteText), "RECORD_ROUTE", ""))
            .replace("180 Ringing", "407 Proxy Authentication Required");
        assertEquals("SIP/2.0 407 Proxy Authentication Required", Sip.startLine(receive(challenge, OUTSIDE, PROXY2_IP, PROXY2_PORT).get(1).text()));
        assertEquals(processor.ports(INSIDE).capacity(), processor.ports(INSIDE).available(), "ports back after the 407");

        // RFC 3261 §22.2: the retry keeps the Call-ID, raises the CSeq, has a new branch.
        String retry = f1.replace("CSeq: 1 INVITE", "CSeq: 2 INVITE").replace("z9hG4bK74bf9", "z9hG4bK74bfa")
            .replace("Max-Forwards: 70", "Max-Forwards: 70\r\nProxy-Authorization: Digest username=\"alice\"");
        String retried = receive(retry, INSIDE, ALICE_IP, ALICE_PORT).get(1).text();
        assertSdpShowsOnly(retried, "127.0.2.1", 30000, 39999);
        String ok = Fixtures.message("rfc3665-3.5/F6-200.sip", Map.of(
            "VIAS", Sip.viaLines(retried), "RECORD_ROUTE", "Record-Route: " + Sip.header(retried, "Record-Route")))
            .replace("CSeq: 1 INVITE", "CSeq: 2 INVITE");
        receive(ok, OUTSIDE, PROXY2_IP, PROXY2_PORT);
        assertEquals(processor.ports(INSIDE).capacity() - 1, processor.ports(INSIDE).available(), "the retried call holds its ports");
        assertEquals(2, counters.get(CounterId.CALLS_STARTED));

        assertTrue(processor.terminateCall(new UnsafeBuffer(CALL_ID_BYTES), 0, CALL_ID_BYTES.length, nowMs, out));
        out.take();
        nowMs += 33_000;
        processor.onTick(nowMs, out);
        assertEquals(0, processor.activeCalls());
        assertEquals(processor.ports(INSIDE).capacity(), processor.ports(INSIDE).available());
        assertEquals(processor.ports(OUTSIDE).capacity(), processor.ports(OUTSIDE).available());
    }

    @Test
    void shouldAbsorbARetransmittedInviteIntoTheSameCallAndPorts() {
        String f1 = Fixtures.message("rfc3665-3.5/F1-invite.sip");
        receive(f1, INSIDE, ALICE_IP, ALICE_PORT);
        List<Sent> again = receive(f1, INSIDE, ALICE_IP, ALICE_PORT);
        assertEquals(1, again.size(), "not forwarded a second time");
        assertEquals("SIP/2.0 100 Trying", Sip.startLine(again.get(0).text()));
        assertEquals("127.0.1.10:5061", again.get(0).destination());
        assertEquals(1, processor.activeCalls());
        assertEquals(1, counters.get(CounterId.RETRANSMISSIONS_ABSORBED));
    }

    @Test
    void shouldDropAResponseWhoseTopViaIsNotTheAlgs() {
        String stray = Fixtures.message("rfc3665-3.5/F15-200-bye.sip", Map.of("VIAS", "Via: SIP/2.0/UDP 127.0.2.10:5062;branch=z9hG4bK4332"));
        assertTrue(receive(stray, OUTSIDE, BOB_IP, BOB_PORT).isEmpty());
        assertEquals(1, counters.get(CounterId.DROPPED_RESPONSE_NOT_OURS));
    }

    @Test
    void shouldDropDatagramsFromOutsideTheRealmsNetworks() {
        assertTrue(receive(Fixtures.message("rfc3665-3.5/F1-invite.sip"), INSIDE, BOB_IP, 5062).isEmpty());
        assertEquals(1, counters.get(CounterId.DROPPED_SOURCE_NOT_IN_REALM));
    }

    /**
     * CONVENTIONS.md: no address of the other realm in any header but the kept upstream Vias and
     * the far entry of the double Record-Route, and none in the SDP.
     */
    private static void assertSeesOnlyItsRealm(String message, String foreignPrefix) {
        for (String line : Sip.headerLines(message)) {
            String name = line.substring(0, line.indexOf(':')).trim();
            if (name.equalsIgnoreCase("Via") || name.equalsIgnoreCase("Record-Route")) {
                continue;
            }
            assertFalse(line.contains(foreignPrefix), "foreign address in " + line);
        }
        if (Sip.startLine(message).startsWith("SIP/2.0")) {
            assertFalse(Sip.startLine(message).contains(foreignPrefix));
        }
        for (String line : Sip.bodyLines(message)) {
            assertFalse(line.contains(foreignPrefix), "foreign address in SDP " + line);
        }
    }

    private static void assertSdpShowsOnly(String message, String mediaHost, int minPort, int maxPort) {
        List<String> sdp = Sip.bodyLines(message);
        String c = sdp.stream().filter(l -> l.startsWith("c=")).findFirst().orElseThrow();
        assertEquals("c=IN IP4 " + mediaHost, c);
        String o = sdp.stream().filter(l -> l.startsWith("o=")).findFirst().orElseThrow();
        assertTrue(o.endsWith(" IN IP4 " + mediaHost), o);
        String m = sdp.stream().filter(l -> l.startsWith("m=audio ")).findFirst().orElseThrow();
        int port = Integer.parseInt(m.split(" ")[1]);
        assertTrue(port >= minPort && port <= maxPort && port % 2 == 0, m);
        assertNull(sdp.stream().filter(l -> l.contains("6000") || l.contains("7000")).findFirst().orElse(null), "party ports hidden");
    }

    private static void assertContentLengthTrue(String message) {
        assertEquals(Sip.body(message).length(), Integer.parseInt(Sip.header(message, "Content-Length")));
    }
}
