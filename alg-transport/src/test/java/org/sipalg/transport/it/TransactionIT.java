package org.sipalg.transport.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipalg.transport.it.PhoneCall.ALG_INSIDE;
import static org.sipalg.transport.it.PhoneCall.ALG_OUTSIDE;
import static org.sipalg.transport.it.PhoneCall.ALG_PORT;
import static org.sipalg.transport.it.PhoneCall.WAIT_MS;

import org.junit.jupiter.api.Test;
import org.sipalg.core.status.CounterId;
import org.sipalg.core.testing.Sip;

/**
 * The ALG as a transaction-stateful proxy over real UDP: it retransmits an unanswered INVITE
 * itself (Timer A), absorbs Alice's retransmission with the last provisional, and carries a
 * CANCEL hop by hop: 200 to Alice from the ALG, its own CANCEL and ACK to Bob, the 487 to Alice,
 * and Alice's ACK stops at the ALG.
 */
class TransactionIT extends ShippedAlgIT {
    private static final String INVITE = String.join("\r\n",
        "INVITE sip:bob@127.0.2.10:5062 SIP/2.0",
        "Via: SIP/2.0/UDP 127.0.1.10:5061;branch=z9hG4bK-txn-it;rport",
        "Max-Forwards: 70",
        "Route: <sip:127.0.1.1:5060;lr>",
        "From: Alice <sip:alice@atlanta.example.com>;tag=txnit",
        "To: Bob <sip:bob@biloxi.example.com>",
        "Call-ID: txn-it@127.0.1.10",
        "CSeq: 1 INVITE",
        "Contact: <sip:alice@127.0.1.10:5061>",
        "Content-Length: 0", "", "");

    /** Bob's answer to what the ALG sent him: its Vias, Bob's To tag. */
    private static String answer(String request, String statusLine) {
        return statusLine + "\r\n" + Sip.viaLines(request) + "\r\nFrom: " + Sip.header(request, "From") + "\r\nTo: "
            + Sip.header(request, "To").replaceAll(";tag=.*$", "") + ";tag=bob1\r\nCall-ID: " + Sip.header(request, "Call-ID")
            + "\r\nCSeq: " + Sip.header(request, "CSeq") + "\r\nContact: <sip:bob@127.0.2.10:5062>\r\nContent-Length: 0\r\n\r\n";
    }

    @Test
    void shouldRetransmitAbsorbAndCancelHopByHop() throws Exception {
        try (TestPhone alice = new TestPhone("alice", "127.0.1.10", 5061, 46_020);
             TestPhone bob = new TestPhone("bob", "127.0.2.10", 5062, 46_022)) {
            alice.send(INVITE, ALG_INSIDE, ALG_PORT);
            assertTrue(alice.expect("SIP/2.0 100", WAIT_MS).contains("Trying"));
            String invite = bob.expect("INVITE", WAIT_MS);
            // Timer A: Bob says nothing, the ALG sends the same INVITE again after T1 (500 ms).
            assertEquals(invite, bob.expect("INVITE", WAIT_MS), "the ALG's own retransmission");
            bob.send(answer(invite, "SIP/2.0 180 Ringing"), ALG_OUTSIDE, ALG_PORT);
            assertTrue(alice.expect("SIP/2.0 180", WAIT_MS).contains("Ringing"));

            // Alice retransmits: the ALG answers with the last provisional and Bob sees nothing.
            alice.send(INVITE, ALG_INSIDE, ALG_PORT);
            assertTrue(alice.expect("SIP/2.0 180", WAIT_MS).contains("Ringing"));
            assertNull(bob.receive(700), "no retransmission reaches Bob once he has answered");

            // CANCEL hop by hop (RFC 3261 §16.10).
            String cancel = INVITE.replace("INVITE sip:", "CANCEL sip:").replace("CSeq: 1 INVITE", "CSeq: 1 CANCEL");
            alice.send(cancel, ALG_INSIDE, ALG_PORT);
            assertTrue(Sip.header(alice.expect("SIP/2.0 200", WAIT_MS), "CSeq").endsWith("CANCEL"));
            String ownCancel = bob.expect("CANCEL", WAIT_MS);
            assertEquals(Sip.headers(invite, "Via").get(0), Sip.header(ownCancel, "Via"), "the ALG's own CANCEL, its INVITE's branch");
            bob.send(answer(ownCancel, "SIP/2.0 200 OK"), ALG_OUTSIDE, ALG_PORT);
            bob.send(answer(invite, "SIP/2.0 487 Request Terminated"), ALG_OUTSIDE, ALG_PORT);
            String ack = bob.expect("ACK", WAIT_MS);
            assertEquals("1 ACK", Sip.header(ack, "CSeq"));
            assertEquals(1, Sip.headers(ack, "Via").size(), "the ALG's own ACK");
            String terminated = alice.expect("SIP/2.0 487", WAIT_MS);
            alice.send(INVITE.replace("INVITE sip:", "ACK sip:").replace("CSeq: 1 INVITE", "CSeq: 1 ACK")
                .replace("To: Bob <sip:bob@biloxi.example.com>", "To: " + Sip.header(terminated, "To")), ALG_INSIDE, ALG_PORT);
            assertNull(bob.receive(700), "Alice's ACK of the 487 stops at the ALG");
            assertTrue(server.counter(CounterId.RETRANSMISSIONS_SENT) >= 1);
            assertTrue(server.counter(CounterId.RETRANSMISSIONS_ABSORBED) >= 1);
            assertEquals(1, server.counter(CounterId.CANCELS_SENT));
            assertEquals(1, server.counter(CounterId.ACKS_SENT));
            assertEquals(1, server.counter(CounterId.ACKS_ABSORBED));
            assertEquals(0, server.counter(CounterId.DROPPED_RESPONSE_UNROUTABLE));
            assertEquals(server.mediaPortCapacity(0), server.freeMediaPorts(0));
        }
    }
}
