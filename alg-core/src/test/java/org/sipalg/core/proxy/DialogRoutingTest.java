package org.sipalg.core.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
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
 * Where in-dialog requests go: to a party behind a NAT at the address it really sends from (RFC
 * 3581), and the ALG's own BYE through the dialog's route set (RFC 3261 §12.2.1.1).
 */
class DialogRoutingTest {
    private static final int NAT_IP = Fixtures.ip("127.0.1.50");
    private static final int NAT_PORT = 40_000;
    private static final byte[] CALL_ID = "3848276298220188511@atlanta.example.com".getBytes(StandardCharsets.US_ASCII);

    private final Counters counters = new Counters();
    private final SipProcessor processor = new SipProcessor(Fixtures.defaultSettings(), counters, 0);
    private final CapturingOutbound out = new CapturingOutbound();
    /** Alice's Contact as the ALG showed it to Bob (its outside face and her token). */
    private String aliceSeenByBob;

    private List<Sent> receive(String message, int realm, int ip, int port) {
        return out.feed(processor, message, realm, ip, port, 1_000);
    }

    /** Alice (behind a NAT) calls; Proxy 2 record-routes and answers with Bob's 200. Returns that 200 as Alice saw it. */
    private String answeredCall(String proxyRecordRoute) {
        String invite = receive(Fixtures.message("rfc3665-3.5/F1-invite.sip"), INSIDE, NAT_IP, NAT_PORT).get(1).text();
        aliceSeenByBob = Sip.uri(Sip.header(invite, "Contact"));
        String recordRoute = "Record-Route: " + proxyRecordRoute + Sip.header(invite, "Record-Route");
        String ok = Fixtures.message("rfc3665-3.5/F6-200.sip", Map.of("VIAS", Sip.viaLines(invite), "RECORD_ROUTE", recordRoute));
        return receive(ok, OUTSIDE, PROXY2_IP, PROXY2_PORT).get(0).text();
    }

    @Test
    void shouldSendBobsByeToAliceWhereHerNatIsNotToHerContact() {
        answeredCall("");
        String bye = Fixtures.message("rfc3665-3.5/F12-bye.sip", Map.of("REQUEST_URI", aliceSeenByBob, "ROUTES", ""));

        List<Sent> sent = receive(bye, OUTSIDE, Fixtures.BOB_IP, Fixtures.BOB_PORT);

        assertEquals("127.0.1.50:40000", sent.get(0).destination(), "the NAT's face, where Alice sent from");
        assertEquals("BYE sip:alice@127.0.1.10:5061;transport=udp SIP/2.0", Sip.startLine(sent.get(0).text()));
    }

    @Test
    void shouldSendTheAlgsOwnByeThroughTheProxiesThatRecordRouted() {
        answeredCall("<sip:127.0.2.20;lr>, ");

        assertTrue(processor.terminateCall(new UnsafeBuffer(CALL_ID), 0, CALL_ID.length, 2_000, out));

        List<Sent> byes = out.take();
        Sent toBob = byes.get(0);
        assertEquals("127.0.2.20:5060", toBob.destination(), "through Proxy 2, which asked to stay on the path");
        assertEquals("<sip:127.0.2.20;lr>", Sip.header(toBob.text(), "Route"));
        assertEquals("BYE sip:bob@127.0.2.10:5062;transport=udp SIP/2.0", Sip.startLine(toBob.text()));
        Sent toAlice = byes.get(1);
        assertEquals("127.0.1.50:40000", toAlice.destination());
        assertTrue(Sip.headers(toAlice.text(), "Route").isEmpty(), "nothing record-routed on Alice's side");
    }

    @Test
    void shouldPutBackTheRealTargetAndFollowTheRouteWhenAProxyBeyondTheAlgRecordRouted() {
        String ok = answeredCall("<sip:127.0.2.20;lr>, ");
        // Alice's ACK: the ALG's token as Request-URI, the route set Alice learnt (RFC 3261 §12.2.1.1).
        String ack = Fixtures.message("rfc3665-3.5/F9-ack.sip", Map.of(
            "REQUEST_URI", Sip.uri(Sip.header(ok, "Contact")),
            "ROUTES", "Route: <sip:127.0.1.1:5060;lr;r2=on>, <sip:127.0.2.1:5060;lr;r2=on>, <sip:127.0.2.20;lr>"));

        List<Sent> sent = receive(ack, INSIDE, NAT_IP, NAT_PORT);

        assertEquals("127.0.2.20:5060", sent.get(0).destination(), "to the proxy that stays on the path");
        assertEquals("ACK sip:bob@127.0.2.10:5062;transport=udp SIP/2.0", Sip.startLine(sent.get(0).text()),
            "Bob's real Contact, not the ALG's inside face and token (RFC 3261 §16.5)");
        assertEquals("<sip:127.0.2.20;lr>", Sip.header(sent.get(0).text(), "Route"));
    }

    @Test
    void shouldNotSendItsOwnByeToARouteOutsideTheRealm() {
        answeredCall("<sip:203.0.113.9;lr>, ");   // a callee's Record-Route naming a host in no realm

        assertTrue(processor.terminateCall(new UnsafeBuffer(CALL_ID), 0, CALL_ID.length, 2_000, out));

        List<Sent> byes = out.take();
        assertEquals(1, byes.size(), "only Alice's BYE: never an open relay");
        assertEquals("127.0.1.50:40000", byes.get(0).destination());
        assertEquals(1, counters.get(CounterId.RELAY_DENIED));
    }
}
