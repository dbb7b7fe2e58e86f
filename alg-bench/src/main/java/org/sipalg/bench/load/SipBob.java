package org.sipalg.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bob, the UAS: answers each INVITE with 200 and an SDP answer naming his RTP port, remembers where
 * the offer (as it reached him) wants his RTP, and answers BYE with 200. Responses go to the source
 * of the request, as SIPp does, so they travel back through the element.
 */
final class SipBob extends SipEndpoint {
    private final Map<String, String> answerByCallId = new ConcurrentHashMap<>();

    SipBob(InetSocketAddress local, List<LoadCall> calls) throws IOException {
        super("rtpload-bob", local, calls);
    }

    @Override
    void onMessage(SipText message, InetSocketAddress source) {
        LoadCall call = callOf(message);
        if (call == null || message.isResponse()) {
            return;
        }
        switch (message.method()) {
            case "INVITE" -> {
                call.bobSendsTo = message.sdpAudioAddress();
                // A retransmitted INVITE gets the same 200 (same To tag).
                String answer = answerByCallId.computeIfAbsent(call.callId, id -> okToInvite(message, call));
                send(answer, source);
            }
            case "BYE" -> send(response(message, "", ""), source);
            default -> { }   // ACK needs no answer
        }
    }

    private String okToInvite(SipText invite, LoadCall call) {
        String sdp = SipText.pcmuSdp("bob", 2890844527L, call.bobRtp);
        StringBuilder extra = new StringBuilder();
        for (String recordRoute : invite.headerLinesNamed("Record-Route", null)) {
            extra.append(recordRoute).append("\r\n");
        }
        extra.append("Contact: <sip:bob@").append(local.getHostString()).append(':').append(local.getPort())
                .append(">\r\nContent-Type: application/sdp\r\n");
        return response(invite, ";tag=bob" + call.index, extra.toString()).replace(
                "Content-Length: 0\r\n\r\n", "Content-Length: " + sdp.length() + "\r\n\r\n" + sdp);
    }

    /** A 200 to the request: its Via lines, From, To (plus toTag), Call-ID and CSeq echoed. */
    private static String response(SipText request, String toTag, String extraHeaders) {
        StringBuilder response = new StringBuilder("SIP/2.0 200 OK\r\n");
        for (String via : request.headerLinesNamed("Via", "v")) {
            response.append(via).append("\r\n");
        }
        String to = request.header("To", "t");
        response.append("From: ").append(request.header("From", "f")).append("\r\n")
                .append("To: ").append(to).append(to.contains(";tag=") ? "" : toTag).append("\r\n")
                .append("Call-ID: ").append(request.header("Call-ID", "i")).append("\r\n")
                .append("CSeq: ").append(request.header("CSeq", null)).append("\r\n")
                .append(extraHeaders)
                .append("Content-Length: 0\r\n\r\n");
        return response.toString();
    }
}
