package org.sipalg.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Alice, the UAC: sends each call's INVITE with an SDP offer naming her RTP port, and on the 200
 * takes the SDP answer (where her RTP goes), the Contact and the Record-Route (her route set), then
 * ACKs. Every request goes to one target, the element's inside face or, with no element, Bob, as
 * SIPp's remote address does.
 */
final class SipAlice extends SipEndpoint {
    private final InetSocketAddress target;
    private final String bobUri;

    SipAlice(InetSocketAddress local, InetSocketAddress target, InetSocketAddress bob, List<LoadCall> calls)
            throws IOException {
        super("rtpload-alice", local, calls);
        this.target = target;
        this.bobUri = "sip:bob@" + bob.getHostString() + ":" + bob.getPort();
    }

    /** Sends (or resends, with the same branch) the call's INVITE. */
    void invite(LoadCall call) {
        String sdp = SipText.pcmuSdp("alice", 2890844526L, call.aliceRtp);
        String invite = "INVITE " + bobUri + " SIP/2.0\r\n"
                + via(call, "inv")
                + "Max-Forwards: 70\r\n"
                + "From: Alice <" + aliceUri() + ">;tag=alice" + call.index + "\r\n"
                + "To: Bob <" + bobUri + ">\r\n"
                + "Call-ID: " + call.callId + "\r\n"
                + "CSeq: 1 INVITE\r\n"
                + "Contact: <" + aliceUri() + ">\r\n"
                + "Content-Type: application/sdp\r\n"
                + "Content-Length: " + sdp.length() + "\r\n\r\n"
                + sdp;
        if (call.inviteSentNanos == 0) {
            call.inviteSentNanos = System.nanoTime();
        }
        send(invite, target);
    }

    /** Sends (or resends) the BYE of an answered call. */
    void bye(LoadCall call) {
        send(inDialog("BYE", 2, call), target);
    }

    @Override
    void onMessage(SipText message, InetSocketAddress source) {
        LoadCall call = callOf(message);
        if (call == null || message.statusCode() != 200) {
            return;   // 100 and 180 need nothing; an error leaves the call unanswered, and counted
        }
        String cseq = message.header("CSeq", null);
        if (cseq.endsWith("INVITE")) {
            if (!call.answered) {
                call.aliceSendsTo = message.sdpAudioAddress();
                call.remoteTarget = SipText.uriOf(message.header("Contact", "m"));
                List<String> routes = new ArrayList<>();
                for (String recordRoute : message.headerValues("Record-Route", null)) {
                    routes.add(SipText.uriOf(recordRoute));
                }
                Collections.reverse(routes);   // RFC 3261 §12.1.2: the UAC's route set is reversed
                call.routeSet = routes;
                call.toWithTag = message.header("To", "t");
                call.answeredNanos = System.nanoTime();
                call.answered = true;
            }
            send(inDialog("ACK", 1, call), target);   // also for a retransmitted 200
        } else if (cseq.endsWith("BYE")) {
            call.byeAnswered = true;
        }
    }

    private String inDialog(String method, int cseq, LoadCall call) {
        StringBuilder request = new StringBuilder(method).append(' ').append(call.remoteTarget).append(" SIP/2.0\r\n")
                .append(via(call, method.toLowerCase()))
                .append("Max-Forwards: 70\r\n");
        for (String route : call.routeSet) {
            request.append("Route: <").append(route).append(">\r\n");
        }
        return request.append("From: Alice <").append(aliceUri()).append(">;tag=alice").append(call.index).append("\r\n")
                .append("To: ").append(call.toWithTag).append("\r\n")
                .append("Call-ID: ").append(call.callId).append("\r\n")
                .append("CSeq: ").append(cseq).append(' ').append(method).append("\r\n")
                .append("Contact: <").append(aliceUri()).append(">\r\n")
                .append("Content-Length: 0\r\n\r\n")
                .toString();
    }

    private String via(LoadCall call, String transaction) {
        return "Via: SIP/2.0/UDP " + local.getHostString() + ":" + local.getPort()
                + ";branch=z9hG4bK-" + call.callId + "-" + transaction + ";rport\r\n";
    }

    private String aliceUri() {
        return "sip:alice@" + local.getHostString() + ":" + local.getPort();
    }
}
