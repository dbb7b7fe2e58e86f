package org.sipalg.core.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.sipalg.core.testing.Fixtures;

class CallIdScannerTest {
    @Test
    void shouldHashTheSameBytesAsTheFullParseSoACallStaysOnOneShard() {
        for (String text : new String[] {
            Fixtures.message("rfc3665-3.5/F1-invite.sip"),
            Fixtures.message("rfc3665-3.5/F1-invite.sip").replace("Call-ID:", "i:  "),
            Fixtures.message("rfc3665-3.5/F1-invite.sip").replace("Call-ID: ", "call-id:\r\n   "),
        }) {
            byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
            SipMessage message = new SipMessage();
            assertEquals(ParseResult.OK, message.parse(new UnsafeBuffer(bytes), 0, bytes.length));
            assertEquals(message.callIdHash(), CallIdScanner.callIdHash(new UnsafeBuffer(bytes), 0, bytes.length), text);
        }
    }

    @Test
    void shouldReturnZeroWithoutCallId() {
        byte[] bytes = "OPTIONS sip:a SIP/2.0\r\nVia: SIP/2.0/UDP h\r\n\r\nCall-ID: in-body".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0, CallIdScanner.callIdHash(new UnsafeBuffer(bytes), 0, bytes.length));
    }
}
