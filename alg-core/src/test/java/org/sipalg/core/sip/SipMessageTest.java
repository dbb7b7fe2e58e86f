package org.sipalg.core.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.sipalg.core.testing.Fixtures;

class SipMessageTest {
    private final SipMessage message = new SipMessage();

    private int parse(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        return message.parse(new UnsafeBuffer(bytes), 0, bytes.length);
    }

    private String text(int offset, int length) {
        return message.buffer().getStringWithoutLengthAscii(offset, length);
    }

    @Test
    void shouldIndexTheRfc3665InviteInPlace() {
        assertEquals(ParseResult.OK, parse(Fixtures.message("rfc3665-3.5/F1-invite.sip")));
        assertTrue(message.isRequest());
        assertEquals(SipMethod.INVITE, message.method());
        assertEquals("sip:bob@biloxi.example.com", text(message.requestUriOffset(), message.requestUriLength()));
        assertEquals("3848276298220188511@atlanta.example.com", text(message.callIdOffset(), message.callIdLength()));
        assertEquals(1, message.cseqNumber());
        assertEquals(70, message.maxForwards());
        assertEquals("127.0.1.10", text(message.topVia().hostOffset(), message.topVia().hostLength()));
        assertEquals(5061, message.topVia().port());
        assertTrue(message.hasSdpBody());
        long tag = message.tag(HeaderName.FROM);
        assertEquals("9fxced76sl", text(SipParams.offset(tag), SipParams.length(tag)));
        assertEquals(SipParams.NOT_FOUND, message.tag(HeaderName.TO));
    }

    @Test
    void shouldReadCompactFormsAndFoldedLines() {
        String compact = "BYE sip:bob@127.0.2.10 SIP/2.0\r\n"
            + "v: SIP/2.0/UDP 127.0.1.10:5061\r\n ;branch=z9hG4bKx\r\n"
            + "f: <sip:alice@a>;tag=1\r\nt: <sip:bob@b>;tag=2\r\ni: abc@x\r\nCSeq: 2 BYE\r\nl: 0\r\n\r\n";
        assertEquals(ParseResult.OK, parse(compact));
        assertEquals("abc@x", text(message.callIdOffset(), message.callIdLength()));
        assertTrue(message.topVia().hasRfc3261Branch(), "branch on the folded line");
    }

    @Test
    void shouldNameTheMissingHeaderInTheResult() {
        String noCallId = Fixtures.message("rfc3665-3.5/F1-invite.sip").replaceFirst("Call-ID: [^\r]*\r\n", "");
        int result = parse(noCallId);
        assertEquals(ParseResult.MISSING_CALL_ID, result);
        assertEquals(400, ParseResult.status(result));
        assertEquals("Bad Request (Missing Call-ID)", ParseResult.reason(result));
        assertTrue(message.topViaValid(), "a response is still possible");
    }

    @Test
    void shouldAnswer505ForAnotherSipVersion() {
        int result = parse(Fixtures.message("rfc3665-3.5/F1-invite.sip").replace("biloxi.example.com SIP/2.0", "biloxi.example.com SIP/7.0"));
        assertEquals(ParseResult.UNSUPPORTED_VERSION, result);
        assertEquals(505, ParseResult.status(result));
    }

    @Test
    void shouldRejectABodyShorterThanContentLength() {
        String f1 = Fixtures.message("rfc3665-3.5/F1-invite.sip");
        assertEquals(ParseResult.BODY_TRUNCATED, parse(f1.substring(0, f1.length() - 10)));
    }

    @Test
    void shouldReturnACodeForEveryTruncationAndNeverThrow() {
        byte[] f1 = Fixtures.message("rfc3665-3.5/F1-invite.sip").getBytes(StandardCharsets.US_ASCII);
        UnsafeBuffer buffer = new UnsafeBuffer(f1);
        for (int length = 0; length < f1.length; length++) {
            int result = message.parse(buffer, 0, length);
            assertFalse(result == ParseResult.OK && length < f1.length - 151, "truncated at " + length + " parsed OK");
        }
    }

    @Test
    void shouldSurviveRandomBytes() {
        Random random = new Random(3665);
        byte[] bytes = new byte[1500];
        UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        for (int run = 0; run < 20_000; run++) {
            int length = random.nextInt(bytes.length);
            random.nextBytes(bytes);
            message.parse(buffer, 0, length);
        }
        // Mutations of a real message reach deeper states than noise does.
        byte[] f1 = Fixtures.message("rfc3665-3.5/F1-invite.sip").getBytes(StandardCharsets.US_ASCII);
        for (int run = 0; run < 20_000; run++) {
            byte[] copy = f1.clone();
            for (int k = 0; k < 4; k++) {
                copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
            }
            message.parse(new UnsafeBuffer(copy), 0, copy.length);
        }
    }
}
