package org.sipalg.transport.it;

import java.io.IOException;

import org.sipalg.core.testing.Sip;

/**
 * One call from Alice (inside) to Bob (outside) through the ALG, driven step by step with two
 * {@link TestPhone}s, RFC 3665 §3.5 style: Alice pre-loads the ALG's Route and uses Bob's
 * address as Request-URI; both keep their route sets and remote targets as a UA would.
 */
final class PhoneCall {
    static final String ALG_INSIDE = "127.0.1.1";
    static final String ALG_OUTSIDE = "127.0.2.1";
    static final int ALG_PORT = 5060;
    static final int WAIT_MS = 2_000;

    private final TestPhone alice;
    private final TestPhone bob;
    private final String callId;
    private int aliceCseq = 1;
    private int bobCseq = 1;
    /** Each side's view: remote target and route set, and the media address:port it sends to. */
    String aliceRemoteTarget;
    String aliceRoutes;
    String bobRemoteTarget;
    String bobRoutes;
    String aliceSendsMediaTo;
    int aliceSendsMediaToPort;
    String bobSendsMediaTo;
    int bobSendsMediaToPort;
    private String aliceFrom;
    private String bobTo;

    PhoneCall(TestPhone alice, TestPhone bob, String callId) {
        this.alice = alice;
        this.bob = bob;
        this.callId = callId;
        this.aliceFrom = "Alice <sip:alice@127.0.1.10>;tag=a-" + callId.hashCode();
        this.bobTo = "Bob <sip:bob@127.0.2.10>";
    }

    /** INVITE with an offer, 200 with the answer, ACK: returns when Bob has the ACK. */
    PhoneCall establish() throws IOException {
        return establish(false, null);
    }

    /**
     * RFC 3264 late offer: INVITE without SDP, Bob's offer in the 200, Alice's answer in the ACK.
     */
    PhoneCall establishWithLateOffer() throws IOException {
        return establish(true, null);
    }

    /** Early media: Bob answers with SDP in a 183 first; {@code early} runs before the 200. */
    PhoneCall establishWithEarlyMedia(EarlyMedia early) throws IOException {
        return establish(false, early);
    }

    interface EarlyMedia {
        void during(PhoneCall call) throws IOException;
    }

    private PhoneCall establish(boolean lateOffer, EarlyMedia early) throws IOException {
        alice.send(TestPhone.withBody("INVITE sip:bob@" + bob.ip + ":" + bob.sipPort + " SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP " + alice.ip + ":" + alice.sipPort + ";branch=z9hG4bK-" + callId + "-1;rport\r\n"
            + "Max-Forwards: 70\r\n"
            + "Route: <sip:" + ALG_INSIDE + ":" + ALG_PORT + ";lr>\r\n"
            + "From: " + aliceFrom + "\r\n"
            + "To: " + bobTo + "\r\n"
            + "Call-ID: " + callId + "\r\n"
            + "CSeq: 1 INVITE\r\n"
            + "Contact: <sip:alice@" + alice.ip + ":" + alice.sipPort + ">\r\n", lateOffer ? "" : alice.sdp("1")), ALG_INSIDE, ALG_PORT);
        String invite = bob.expect("INVITE ", WAIT_MS);
        bobRemoteTarget = Sip.uri(Sip.header(invite, "Contact"));
        bobRoutes = Sip.header(invite, "Record-Route");
        bobTo = bobTo + ";tag=b-" + callId.hashCode();
        if (!lateOffer) {
            bobLearnsMediaFrom(invite);
        }
        if (early != null) {
            bob.send(answer(invite, "183 Session Progress", bob.sdp("1")), ALG_OUTSIDE, ALG_PORT);
            aliceLearnsMediaFrom(alice.expect("SIP/2.0 183", WAIT_MS));
            early.during(this);
        }
        bob.send(answer(invite, "200 OK", bob.sdp("1")), ALG_OUTSIDE, ALG_PORT);
        String ok = alice.expect("SIP/2.0 200", WAIT_MS);
        aliceLearnsMediaFrom(ok);
        aliceRemoteTarget = Sip.uri(Sip.header(ok, "Contact"));
        aliceRoutes = reverse(Sip.header(ok, "Record-Route"));
        alice.send(request(alice, "ACK", aliceRemoteTarget, aliceRoutes, aliceFrom, bobTo, 1, lateOffer ? alice.sdp("1") : ""),
            ALG_INSIDE, ALG_PORT);
        String ack = bob.expect("ACK ", WAIT_MS);
        if (lateOffer) {
            bobLearnsMediaFrom(ack);
        }
        return this;
    }

    private void bobLearnsMediaFrom(String message) {
        bobSendsMediaTo = TestPhone.sdpAddress(message);
        bobSendsMediaToPort = TestPhone.sdpPort(message);
    }

    private void aliceLearnsMediaFrom(String message) {
        aliceSendsMediaTo = TestPhone.sdpAddress(message);
        aliceSendsMediaToPort = TestPhone.sdpPort(message);
    }

    /** Bob sends a re-INVITE with his current media address; Alice answers; Bob ACKs. */
    void bobReInvites() throws IOException {
        bobCseq++;
        bob.send(request(bob, "INVITE", bobRemoteTarget, bobRoutes, bobTo, aliceFrom, bobCseq, bob.sdp("2")), ALG_OUTSIDE, ALG_PORT);
        String reInvite = alice.expect("INVITE ", WAIT_MS);
        alice.send(answer(reInvite, "200 OK", alice.sdp("2")), ALG_INSIDE, ALG_PORT);
        bobLearnsMediaFrom(bob.expect("SIP/2.0 200", WAIT_MS));
        bob.send(request(bob, "ACK", bobRemoteTarget, bobRoutes, bobTo, aliceFrom, bobCseq, ""), ALG_OUTSIDE, ALG_PORT);
        alice.expect("ACK ", WAIT_MS);
    }

    /** Alice hangs up: BYE through the ALG, Bob's 200 back. */
    void aliceHangsUp() throws IOException {
        aliceCseq++;
        alice.send(request(alice, "BYE", aliceRemoteTarget, aliceRoutes, aliceFrom, bobTo, aliceCseq, ""), ALG_INSIDE, ALG_PORT);
        String bye = bob.expect("BYE ", WAIT_MS);
        bob.send(answer(bye, "200 OK", ""), ALG_OUTSIDE, ALG_PORT);
        alice.expect("SIP/2.0 200", WAIT_MS);
    }

    private String request(TestPhone from, String method, String target, String routes, String fromHeader, String toHeader,
                           int cseq, String sdp) {
        return TestPhone.withBody(method + " " + target + " SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP " + from.ip + ":" + from.sipPort + ";branch=z9hG4bK-" + callId + "-" + method + cseq + ";rport\r\n"
            + "Max-Forwards: 70\r\n"
            + (routes == null ? "" : "Route: " + routes + "\r\n")
            + "From: " + fromHeader + "\r\n"
            + "To: " + toHeader + "\r\n"
            + "Call-ID: " + callId + "\r\n"
            + "CSeq: " + cseq + " " + method + "\r\n"
            + "Contact: <sip:" + from.name + "@" + from.ip + ":" + from.sipPort + ">\r\n", sdp);
    }

    /** A UAS response: Vias, Record-Route, From, To (with the answerer's tag), Call-ID, CSeq echoed. */
    private String answer(String request, String status, String sdp) {
        TestPhone answerer = request.contains("\r\nFrom: " + aliceFrom) ? bob : alice;
        String to = Sip.header(request, "To");
        if (!to.contains(";tag=")) {
            to = bobTo;
        }
        StringBuilder head = new StringBuilder("SIP/2.0 " + status + "\r\n");
        for (String via : Sip.headers(request, "Via")) {
            head.append("Via: ").append(via).append("\r\n");
        }
        for (String rr : Sip.headers(request, "Record-Route")) {
            head.append("Record-Route: ").append(rr).append("\r\n");
        }
        head.append("From: ").append(Sip.header(request, "From")).append("\r\n")
            .append("To: ").append(to).append("\r\n")
            .append("Call-ID: ").append(callId).append("\r\n")
            .append("CSeq: ").append(Sip.header(request, "CSeq")).append("\r\n")
            .append("Contact: <sip:").append(answerer.name).append('@').append(answerer.ip).append(':').append(answerer.sipPort).append(">\r\n");
        return TestPhone.withBody(head.toString(), sdp);
    }

    /** A UAC's route set is the Record-Route of the 2xx in reverse (RFC 3261 §12.1.2). */
    private static String reverse(String recordRoute) {
        String[] entries = recordRoute.split(",\\s*");
        StringBuilder reversed = new StringBuilder();
        for (int i = entries.length - 1; i >= 0; i--) {
            reversed.append(entries[i]).append(i > 0 ? ", " : "");
        }
        return reversed.toString();
    }
}
