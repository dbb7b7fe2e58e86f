package org.sipalg.core.sdp;

import org.agrona.DirectBuffer;
import org.sipalg.core.bytes.Ascii;
import org.sipalg.core.rewrite.EditList;

/**
 * Records the edits that make an SDP body show only the ALG: every address becomes the egress
 * realm's media host and every active m= port the ALG relay port of that stream (RTCP on port+1).
 * Hold (c=0.0.0.0, RFC 3264 §8.4) and disabled streams (port 0) are carried through unchanged.
 */
public final class SdpRewriter {
    private static final byte[] IN_IP4 = Ascii.bytes("IN IP4 ");

    private SdpRewriter() {
    }

    /** @param relayPorts the ALG's RTP port per stream in the egress realm (even; RTCP is +1) */
    public static void rewrite(DirectBuffer buffer, SdpView sdp, byte[] mediaHost, int[] relayPorts, EditList edits) {
        if (sdp.originAddressOffset() >= 0) {
            edits.begin(sdp.originAddressOffset(), sdp.originAddressLength()).append(mediaHost).end();
        }
        for (int c = 0; c < sdp.connectionCount(); c++) {
            if (sdp.connectionAddress(c) == 0) {
                continue;   // c=IN IP4 0.0.0.0 is hold: keep it
            }
            int from = sdp.connectionOffset(c);
            edits.begin(from, sdp.connectionEnd(c) - from).append(IN_IP4).append(mediaHost).end();
        }
        for (int s = 0; s < sdp.streamCount(); s++) {
            if (sdp.port(s) <= 0) {
                continue;
            }
            edits.begin(sdp.portOffset(s), sdp.portLength(s)).appendNatural(relayPorts[s]).end();
            if (sdp.rtcpPortOffset(s) >= 0) {
                edits.begin(sdp.rtcpPortOffset(s), sdp.rtcpPortLength(s)).appendNatural(relayPorts[s] + 1L).end();
                if (sdp.rtcpAddressOffset(s) >= 0) {
                    int from = sdp.rtcpAddressOffset(s);
                    edits.begin(from, sdp.rtcpAddressEnd(s) - from).append(IN_IP4).append(mediaHost).end();
                }
            }
        }
    }
}
