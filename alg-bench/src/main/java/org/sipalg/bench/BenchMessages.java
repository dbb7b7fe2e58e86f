package org.sipalg.bench;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.agrona.DirectBuffer;
import org.sipalg.core.proxy.SipProcessor;
import org.sipalg.core.testing.CapturingOutbound;
import org.sipalg.core.testing.Fixtures;
import org.sipalg.core.testing.Sip;

/** The reference messages of the benchmarks, as the bytes on the wire. */
final class BenchMessages {
    private BenchMessages() {
    }

    /** RFC 3665 §3.5 F1 with the CONVENTIONS.md addresses. */
    static byte[] f1() {
        return Fixtures.message("rfc3665-3.5/F1-invite.sip").getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * RFC 3665 §3.5 F6, Bob's 200 OK, as it reaches the ALG after {@code processor} forwarded F1:
     * it carries the Vias and Record-Route of the forwarded INVITE.
     */
    static byte[] ok200(SipProcessor processor, DirectBuffer f1, int f1Length) {
        CapturingOutbound recorder = new CapturingOutbound();
        processor.onDatagram(f1, 0, f1Length, Fixtures.INSIDE, Fixtures.ALICE_IP, Fixtures.ALICE_PORT, 1_000, recorder);
        List<CapturingOutbound.Sent> sent = recorder.take();
        String forwarded = sent.get(sent.size() - 1).text();
        return Fixtures.message("rfc3665-3.5/F6-200.sip", Map.of(
            "VIAS", Sip.viaLines(forwarded),
            "RECORD_ROUTE", "Record-Route: " + Sip.header(forwarded, "Record-Route"))).getBytes(StandardCharsets.US_ASCII);
    }
}
