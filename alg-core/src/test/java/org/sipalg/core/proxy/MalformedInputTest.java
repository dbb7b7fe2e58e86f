package org.sipalg.core.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipalg.core.testing.Fixtures.ALICE_IP;
import static org.sipalg.core.testing.Fixtures.ALICE_PORT;
import static org.sipalg.core.testing.Fixtures.INSIDE;
import static org.sipalg.core.testing.Fixtures.OUTSIDE;
import static org.sipalg.core.testing.Fixtures.PROXY2_IP;
import static org.sipalg.core.testing.Fixtures.PROXY2_PORT;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.sipalg.core.status.CounterId;
import org.sipalg.core.status.Counters;
import org.sipalg.core.testing.CapturingOutbound;
import org.sipalg.core.testing.CapturingOutbound.Sent;
import org.sipalg.core.testing.Fixtures;
import org.sipalg.core.testing.Sip;

/** Bad input: 400 with the reason when a response is possible, else a counted drop; no state left. */
class MalformedInputTest {
    private final Counters counters = new Counters();
    private final SipProcessor processor = new SipProcessor(Fixtures.defaultSettings(), counters, 0);
    private final CapturingOutbound out = new CapturingOutbound();

    private List<Sent> receive(byte[] bytes, int realm, int ip, int port) {
        processor.onDatagram(new UnsafeBuffer(bytes), 0, bytes.length, realm, ip, port, 1_000, out);
        return out.take();
    }

    private List<Sent> receive(String text) {
        return receive(text.getBytes(StandardCharsets.US_ASCII), INSIDE, ALICE_IP, ALICE_PORT);
    }

    @Test
    void shouldAnswer400WithTheReasonWhenCallIdIsMissing() {
        List<Sent> sent = receive(Fixtures.message("rfc3665-3.5/F1-invite.sip").replaceFirst("Call-ID: [^\r]*\r\n", ""));
        assertEquals(1, sent.size());
        String response = sent.get(0).text();
        assertEquals("SIP/2.0 400 Bad Request (Missing Call-ID)", Sip.startLine(response));
        assertEquals("127.0.1.10:5061", sent.get(0).destination());
        assertTrue(Sip.header(response, "To").contains(";tag="), "a final response carries a To tag");
        assertEquals(0, processor.activeCalls());
        assertEquals(1, counters.get(CounterId.REJECTED_MALFORMED));
    }

    @Test
    void shouldAnswer483WhenMaxForwardsIsZero() {
        List<Sent> sent = receive(Fixtures.message("rfc3665-3.5/F1-invite.sip").replace("Max-Forwards: 70", "Max-Forwards: 0"));
        assertEquals("SIP/2.0 483 Too Many Hops", Sip.startLine(sent.get(0).text()));
    }

    @Test
    void shouldAnswer420ListingTheProxyRequiredExtensions() {
        String invite = Fixtures.message("rfc3665-3.5/F1-invite.sip").replace("Max-Forwards: 70", "Max-Forwards: 70\r\nProxy-Require: foo, bar");
        List<Sent> sent = receive(invite);
        String response = sent.get(0).text();
        assertEquals(1, sent.size(), "not forwarded");
        assertEquals("SIP/2.0 420 Bad Extension", Sip.startLine(response));
        assertEquals("foo, bar", Sip.header(response, "Unsupported"));
        assertEquals(0, processor.activeCalls());
    }

    @Test
    void shouldDropGarbageAndRequestsWithoutViaAndCountThem() {
        Random random = new Random(4475);
        for (int i = 0; i < 100; i++) {
            byte[] garbage = new byte[1 + random.nextInt(1400)];
            random.nextBytes(garbage);
            assertTrue(receive(garbage, INSIDE, ALICE_IP, ALICE_PORT).isEmpty());
        }
        assertTrue(receive("INVITE sip:bob@127.0.2.10 SIP/2.0\r\nCall-ID: x\r\n\r\n").isEmpty());
        assertTrue(counters.get(CounterId.DROPPED_MALFORMED) >= 100);
        assertEquals(0, processor.activeCalls());
    }

    @Test
    void shouldDropAMalformedResponse() {
        byte[] bad = "SIP/2.0 2000 OK\r\nVia: SIP/2.0/UDP 127.0.2.1:5060;branch=z9hG4bKsa1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        assertTrue(receive(bad, OUTSIDE, PROXY2_IP, PROXY2_PORT).isEmpty());
        assertEquals(1, counters.get(CounterId.DROPPED_MALFORMED));
    }

    @Test
    void shouldStillCarryACleanCallAfterAFloodOfBadInput() {
        Random random = new Random(1);
        String f1 = Fixtures.message("rfc3665-3.5/F1-invite.sip");
        for (int i = 0; i < 2_000; i++) {
            byte[] mutated = f1.getBytes(StandardCharsets.US_ASCII);
            for (int k = 0; k < 3; k++) {
                mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
            }
            receive(mutated, INSIDE, ALICE_IP, ALICE_PORT);
        }
        List<Sent> sent = receive(f1.replace("3848276298220188511", "clean"));
        assertEquals("INVITE sip:bob@biloxi.example.com SIP/2.0", Sip.startLine(sent.get(1).text()));
        assertEquals(0, counters.get(CounterId.ERRORS));
    }
}
