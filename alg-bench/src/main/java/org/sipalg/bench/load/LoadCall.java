package org.sipalg.bench.load;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * One call of {@link RtpLoad}: its Call-ID, the RTP addresses Alice and Bob own, and what each side
 * learnt from the other's SDP (through the element, that is the element's relay ports). Fields set by
 * the SIP threads are volatile because the main and media threads read them afterwards.
 */
final class LoadCall {
    final int index;
    final String callId;
    /** Alice's own RTP address (inside realm) and Bob's (outside realm). */
    final InetSocketAddress aliceRtp;
    final InetSocketAddress bobRtp;

    /** Where Alice sends RTP: the c=/m= of the 200's SDP answer. */
    volatile InetSocketAddress aliceSendsTo;
    /** Where Bob sends RTP: the c=/m= of the INVITE's SDP offer as Bob received it. */
    volatile InetSocketAddress bobSendsTo;

    volatile long inviteSentNanos;
    volatile long answeredNanos;
    volatile boolean answered;
    volatile boolean byeAnswered;

    /** The dialog as Alice sees it, from the 200 (Alice's receive thread writes, before answered). */
    volatile String remoteTarget;
    volatile List<String> routeSet = List.of();
    volatile String toWithTag;

    LoadCall(int index, String runId, InetSocketAddress aliceRtp, InetSocketAddress bobRtp) {
        this.index = index;
        this.callId = "rtpload-" + index + "-" + runId;
        this.aliceRtp = aliceRtp;
        this.bobRtp = bobRtp;
    }

    /** The call index from a Call-ID made by this class, or -1 for any other. */
    static int indexOf(String callId) {
        if (!callId.startsWith("rtpload-")) {
            return -1;
        }
        int end = callId.indexOf('-', 8);
        try {
            return Integer.parseInt(callId.substring(8, end < 0 ? callId.length() : end));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    double setupMillis() {
        return (answeredNanos - inviteSentNanos) / 1e6;
    }
}
