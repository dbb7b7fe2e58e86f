package org.sipalg.core.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipalg.core.testing.Fixtures.ALICE_IP;
import static org.sipalg.core.testing.Fixtures.ALICE_PORT;
import static org.sipalg.core.testing.Fixtures.INSIDE;
import static org.sipalg.core.testing.Fixtures.OUTSIDE;
import static org.sipalg.core.testing.Fixtures.PROXY2_IP;
import static org.sipalg.core.testing.Fixtures.PROXY2_PORT;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sipalg.core.sip.ParseResult;
import org.sipalg.core.sip.SipMessage;
import org.sipalg.core.status.CounterId;
import org.sipalg.core.status.Counters;
import org.sipalg.core.testing.CapturingOutbound;
import org.sipalg.core.testing.CapturingOutbound.Sent;
import org.sipalg.core.testing.Fixtures;
import org.sipalg.core.testing.Rfc4475;
import org.sipalg.core.testing.Sip;

/**
 * RFC 4475 §3.1 through the parser and the whole processor, in memory (the messages name
 * 192.0.2.x and example.* hosts: nothing here touches a socket). Requests arrive from Alice on the
 * inside face, responses from Proxy 2 on the outside face.
 */
class Rfc4475TortureTest {
    /** Our own Via and Alice's, put on top of an RFC response so that it is one the ALG forwards. */
    private static final String ALG_AND_ALICE_VIAS = "Via: SIP/2.0/UDP 127.0.2.1:5060;branch=z9hG4bKsa4475\r\n"
        + "Via: SIP/2.0/UDP 127.0.1.10:5061;branch=z9hG4bK4475;received=127.0.1.10;rport=5061\r\n";

    private final Counters counters = new Counters();
    private final SipProcessor processor = new SipProcessor(Fixtures.defaultSettings(), counters, 0);
    private final CapturingOutbound out = new CapturingOutbound();
    private final SipMessage message = new SipMessage();

    static Stream<String> valid() {
        return Rfc4475.VALID.stream();
    }

    private int parse(byte[] bytes) {
        return message.parse(new UnsafeBuffer(bytes), 0, bytes.length);
    }

    private int receive(byte[] bytes) {
        boolean response = bytes[0] == 'S' && bytes[1] == 'I' && bytes[2] == 'P' && bytes[3] == '/';
        return response
            ? processor.onDatagram(new UnsafeBuffer(bytes), 0, bytes.length, OUTSIDE, PROXY2_IP, PROXY2_PORT, 1_000, out)
            : processor.onDatagram(new UnsafeBuffer(bytes), 0, bytes.length, INSIDE, ALICE_IP, ALICE_PORT, 1_000, out);
    }

    @ParameterizedTest
    @MethodSource("valid")
    void shouldParseEveryValidMessage(String name) {
        assertEquals(ParseResult.OK, parse(Rfc4475.valid(name)), name);
    }

    @ParameterizedTest
    @MethodSource("valid")
    void shouldForwardOrAnswerEveryValidRequestAndDropResponsesThatAreNotOurs(String name) {
        byte[] bytes = Rfc4475.valid(name);
        int outcome = receive(bytes);
        if (bytes[0] == 'S') {
            assertEquals(SipProcessor.DROPPED, outcome, name + ": the top Via is not the ALG's");
            assertEquals(1, counters.get(CounterId.DROPPED_RESPONSE_NOT_OURS));
        } else {
            assertTrue(outcome == SipProcessor.FORWARDED || outcome == SipProcessor.ANSWERED, name + ": " + outcome);
            assertEquals(0, counters.get(CounterId.DROPPED_MALFORMED) + counters.get(CounterId.REJECTED_MALFORMED), name);
        }
    }

    @ParameterizedTest
    @MethodSource("valid")
    void shouldKeepEveryValidMessageValidThroughTheRewrite(String name) {
        byte[] bytes = Rfc4475.valid(name);
        if (bytes[0] == 'S') {
            bytes = withOurViaOnTop(bytes);
        }
        receive(bytes);
        List<Sent> sent = out.take();
        assertFalse(sent.isEmpty(), name + ": nothing sent");
        for (Sent s : sent) {
            assertEquals(ParseResult.OK, parse(s.text().getBytes(StandardCharsets.ISO_8859_1)), name + " became\n" + s.text());
        }
    }

    @ParameterizedTest
    @MethodSource("valid")
    void shouldNotLeakTheExtraOctetsOrTheSendersAddressesWhenForwarding(String name) {
        byte[] bytes = Rfc4475.valid(name);
        if (receive(bytes) != SipProcessor.FORWARDED) {
            return;
        }
        List<Sent> sent = out.take();
        String forwarded = sent.get(sent.size() - 1).text();
        assertFalse(forwarded.contains("INVITE sip:joe@example.com"), "dblreq: the octets after the body stay behind");
        if (Sip.header(forwarded, "Content-Type") != null && Sip.header(forwarded, "Content-Type").startsWith("application/sdp")) {
            for (String line : Sip.bodyLines(forwarded)) {
                assertFalse(line.startsWith("c=") && line.contains("192.0.2."), name + ": " + line);
            }
        }
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
            Arguments.of("3.1.2.1-badinv01", ParseResult.BAD_VIA, "400 Bad Request (Malformed Via)"),
            Arguments.of("3.1.2.2-clerr", ParseResult.BODY_TRUNCATED, "400 Bad Request (Content-Length Larger Than Body)"),
            Arguments.of("3.1.2.3-ncl", ParseResult.BAD_CONTENT_LENGTH, "400 Bad Request (Malformed Content-Length)"),
            Arguments.of("3.1.2.4-scalar02", ParseResult.BAD_CSEQ, "400 Bad Request (Malformed CSeq)"),
            // A response: "An element receiving this response will simply discard it."
            Arguments.of("3.1.2.5-scalarlg", ParseResult.BAD_CSEQ, null),
            Arguments.of("3.1.2.6-quotbal", ParseResult.MALFORMED_TO, "400 Bad Request (Malformed To)"),
            Arguments.of("3.1.2.7-ltgtruri", ParseResult.MALFORMED_REQUEST_URI, "400 Bad Request (Malformed Request-URI)"),
            Arguments.of("3.1.2.8-lwsruri", ParseResult.MALFORMED_REQUEST_URI, "400 Bad Request (Malformed Request-URI)"),
            // "It is acceptable to reject this request as malformed": we do, rather than rewrite the line.
            Arguments.of("3.1.2.9-lwsstart", ParseResult.MALFORMED_REQUEST_LINE, "400 Bad Request (Malformed Request-Line)"),
            Arguments.of("3.1.2.10-trws", ParseResult.MALFORMED_REQUEST_LINE, "400 Bad Request (Malformed Request-Line)"),
            Arguments.of("3.1.2.11-escruri", ParseResult.MALFORMED_REQUEST_URI, "400 Bad Request (Malformed Request-URI)"),
            // Tolerated, as the RFC allows: the ALG never reads Date, so it forwards it unchanged.
            Arguments.of("3.1.2.12-baddate", ParseResult.OK, "forwarded"),
            Arguments.of("3.1.2.13-regbadct", ParseResult.MALFORMED_CONTACT, "400 Bad Request (Malformed Contact)"),
            Arguments.of("3.1.2.14-badaspec", ParseResult.MALFORMED_TO, "400 Bad Request (Malformed To)"),
            Arguments.of("3.1.2.15-baddn", ParseResult.MALFORMED_FROM, "400 Bad Request (Malformed From)"),
            Arguments.of("3.1.2.16-badvers", ParseResult.UNSUPPORTED_VERSION, "505 Version Not Supported"),
            Arguments.of("3.1.2.17-mismatch01", ParseResult.CSEQ_METHOD_MISMATCH, "400 Bad Request (CSeq Method Does Not Match)"),
            // The RFC prefers 501 but allows 400; a proxy does not implement methods, so 400.
            Arguments.of("3.1.2.18-mismatch02", ParseResult.CSEQ_METHOD_MISMATCH, "400 Bad Request (CSeq Method Does Not Match)"),
            // A response: "An element receiving this response should simply drop it."
            Arguments.of("3.1.2.19-bigcode", ParseResult.MALFORMED_START_LINE, null));
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void shouldRejectEveryInvalidMessageTheWayRfc4475Says(String name, int code, String answer) {
        byte[] bytes = Rfc4475.invalid(name);
        assertEquals(ParseResult.reason(code), ParseResult.reason(parse(bytes)), name);
        int outcome = receive(bytes);
        List<Sent> sent = out.take();
        if (answer == null) {
            assertEquals(SipProcessor.DROPPED, outcome, name);
            assertTrue(sent.isEmpty(), name);
            assertEquals(1, counters.get(CounterId.DROPPED_MALFORMED), name);
        } else if (answer.equals("forwarded")) {
            assertEquals(SipProcessor.FORWARDED, outcome, name);
        } else {
            assertEquals(SipProcessor.ANSWERED, outcome, name);
            assertEquals(1, sent.size(), name);
            assertEquals("SIP/2.0 " + answer, Sip.startLine(sent.get(0).text()), name);
            assertEquals(1, counters.get(CounterId.REJECTED_MALFORMED), name);
        }
    }

    private static byte[] withOurViaOnTop(byte[] response) {
        String text = new String(response, StandardCharsets.ISO_8859_1);
        int firstLineEnd = text.indexOf("\r\n") + 2;
        return (text.substring(0, firstLineEnd) + ALG_AND_ALICE_VIAS + text.substring(firstLineEnd))
            .getBytes(StandardCharsets.ISO_8859_1);
    }
}
