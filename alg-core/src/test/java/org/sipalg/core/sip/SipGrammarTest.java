package org.sipalg.core.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.sipalg.core.testing.Fixtures;
import org.sipalg.core.testing.Rfc4475;

/** RFC 3261 §7 and §25 corners the ALG depends on, and the parser's limits. */
class SipGrammarTest {
    private static final String OPTIONS_HEAD = "OPTIONS sip:bob@127.0.2.10 SIP/2.0\r\n";
    private static final String REST = "From: <sip:alice@a>;tag=1\r\nTo: <sip:bob@b>\r\nCall-ID: c1\r\nCSeq: 1 OPTIONS\r\n"
        + "Content-Length: 0\r\n\r\n";

    private final SipMessage message = new SipMessage();
    private final UriView uri = new UriView();

    private int parse(SipMessage parser, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        return parser.parse(new UnsafeBuffer(bytes), 0, bytes.length);
    }

    private int parse(String text) {
        return parse(message, text);
    }

    private String text(long packed) {
        return message.buffer().getStringWithoutLengthAscii(SipParams.offset(packed), SipParams.length(packed));
    }

    private String uriPart(int offset, int length) {
        return message.buffer().getStringWithoutLengthAscii(offset, length);
    }

    @Test
    void shouldReadIpv6ReferencesAndEveryViaParameter() {
        assertEquals(ParseResult.OK, parse(OPTIONS_HEAD
            + "Via: SIP/2.0/UDP [2001:db8::10]:5070;branch=z9hG4bKv6;received=2001:db8::9;rport=5071;maddr=[2001:db8::1];ttl=16\r\n"
            + REST));
        ViaView via = message.topVia();
        assertEquals("[2001:db8::10]", uriPart(via.hostOffset(), via.hostLength()));
        assertEquals(5070, via.port());
        assertEquals("z9hG4bKv6", text(via.branch()));
        assertEquals("2001:db8::9", text(via.received()));
        assertEquals("5071", text(via.rport()));
        assertEquals("[2001:db8::1]", text(via.maddr()));
        assertEquals("16", text(via.ttl()));
        byte[] v6 = "sip:bob@[2001:db8::2]:5062;transport=udp".getBytes(StandardCharsets.US_ASCII);
        assertTrue(uri.wrap(new UnsafeBuffer(v6), 0, v6.length));
        assertEquals(5062, uri.port());
        assertEquals("[2001:db8::2]", new String(v6, uri.hostOffset(), uri.hostLength(), StandardCharsets.US_ASCII));
    }

    @Test
    void shouldTreatMethodsCaseSensitivelyAndHeaderNamesNot() {
        assertEquals(ParseResult.OK, parse("invite sip:bob@127.0.2.10 SIP/2.0\r\nvIA: SIP/2.0/UDP 127.0.1.10\r\n"
            + "fROM: <sip:alice@a>;tag=1\r\nTO: <sip:bob@b>\r\nCALL-ID: c1\r\ncseq: 1 invite\r\n\r\n"));
        assertEquals(SipMethod.OTHER, message.method(), "invite is not INVITE");
        assertTrue(message.first(HeaderName.VIA) >= 0 && message.hasCallId());
    }

    @Test
    void shouldMapEveryCompactFormToItsLongForm() {
        String compact = "vmiftlcksebourxy";
        String[] longNames = {"Via", "Contact", "Call-ID", "From", "To", "Content-Length", "Content-Type", "Supported",
            "Subject", "Content-Encoding", "Referred-By", "Event", "Allow-Events", "Refer-To", "Session-Expires", "Identity"};
        for (int i = 0; i < compact.length(); i++) {
            byte[] shortName = {(byte) Character.toUpperCase(compact.charAt(i))};
            byte[] longName = longNames[i].getBytes(StandardCharsets.US_ASCII);
            int kind = HeaderName.of(new UnsafeBuffer(longName), 0, longName.length);
            assertTrue(kind != HeaderName.OTHER, longNames[i]);
            assertEquals(kind, HeaderName.of(new UnsafeBuffer(shortName), 0, 1), longNames[i]);
        }
    }

    @Test
    void shouldMatchAKnownHeaderNameOnlyByItsOwnBytesWhateverTheOthersAre() {
        // The name is matched by word compares before any token check: no byte may alias a letter or '-'.
        for (int b = 0; b < 256; b++) {
            byte[] single = {(byte) b};
            int expected = Character.isLetter(b) && b < 128 && "vmiftlcksebourxy".indexOf(Character.toLowerCase(b)) >= 0
                ? HeaderName.of(new UnsafeBuffer(new byte[] {(byte) Character.toLowerCase(b)}), 0, 1) : HeaderName.OTHER;
            assertEquals(expected, HeaderName.of(new UnsafeBuffer(single), 0, 1), "byte " + b);
            byte[] callId = padded("Call" + (char) b + "ID");
            assertEquals(b == '-' ? HeaderName.CALL_ID : HeaderName.OTHER, HeaderName.of(new UnsafeBuffer(callId), 0, 7), "byte " + b);
            byte[] contentEncoding = padded("CONTENT-ENCODIN" + (char) b);
            assertEquals(b == 'g' || b == 'G' ? HeaderName.CONTENT_ENCODING : HeaderName.OTHER,
                HeaderName.of(new UnsafeBuffer(contentEncoding), 0, 16), "byte " + b);
        }
    }

    /** The name and then more bytes, as in a message: the word compares read past the name. */
    private static byte[] padded(String name) {
        byte[] bytes = new byte[name.length() + 16];
        for (int i = 0; i < name.length(); i++) {
            bytes[i] = (byte) name.charAt(i);
        }
        java.util.Arrays.fill(bytes, name.length(), bytes.length, (byte) ':');
        return bytes;
    }

    @Test
    void shouldAnswerAHeaderNameThatIsNoTokenAsMalformed() {
        assertEquals(ParseResult.MALFORMED_HEADER, parse("INVITE sip:bob@127.0.2.10 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.1.10\r\n"
            + "\u00d6: x\r\nCall\u00d6ID: c1\r\n\r\n"));
        assertEquals(ParseResult.MALFORMED_HEADER, parse("INVITE sip:bob@127.0.2.10 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.1.10\r\n"
            + "Call ID: c1\r\n\r\n"));
        assertEquals(ParseResult.MALFORMED_HEADER, parse("INVITE sip:bob@127.0.2.10 SIP/2.0\r\n: no name\r\n\r\n"));
    }

    @Test
    void shouldFindTheHostAfterTheLastAtSignOfAUserinfoFullOfDelimiters() {
        byte[] semiuri = "sip:user;par=u%40example.net@example.com".getBytes(StandardCharsets.US_ASCII);
        assertTrue(uri.wrap(new UnsafeBuffer(semiuri), 0, semiuri.length));
        assertEquals("example.com", new String(semiuri, uri.hostOffset(), uri.hostLength(), StandardCharsets.US_ASCII));
        assertEquals("user;par=u%40example.net", new String(semiuri, uri.userOffset(), uri.userLength(), StandardCharsets.US_ASCII));
    }

    @Test
    void shouldReadEveryValueOfRepeatedAndCommaSeparatedHeaders() {
        assertEquals(ParseResult.OK, parse(Rfc4475.valid("3.1.1.1-wsinv")));
        int vias = 0;
        for (int i = message.first(HeaderName.VIA); i >= 0; i = message.next(i)) {
            vias++;
        }
        assertEquals(2, vias, "Via and v lines");
        assertEquals(68, message.maxForwards(), "leading zeros");
        assertEquals(9, message.cseqNumber());
        assertEquals("98asjd8", text(message.tag(HeaderName.FROM)));
        assertEquals("1918181833n", text(message.tag(HeaderName.TO)));
        assertEquals("192.0.2.2", uriPart(message.topVia().hostOffset(), message.topVia().hostLength()));
    }

    private int parse(byte[] bytes) {
        return message.parse(new UnsafeBuffer(bytes), 0, bytes.length);
    }

    @Test
    void shouldAnswer414AboveTheStartLineLimitAnd400AboveTheHeaderLimit() {
        SipMessage small = new SipMessage(8, 2_000, 40);
        String f1 = Fixtures.message("rfc3665-3.5/F1-invite.sip");
        int result = parse(small, f1.replace("sip:bob@biloxi.example.com SIP", "sip:bob@biloxi.example.com;x=" + "y".repeat(30) + " SIP"));
        assertEquals(ParseResult.START_LINE_TOO_LONG, result);
        assertEquals(414, ParseResult.status(result));
        assertTrue(small.isRequest() && small.topViaValid(), "answerable");
        assertEquals(ParseResult.TOO_MANY_HEADERS, parse(new SipMessage(5, 2_000, 100), f1));
        assertEquals(ParseResult.MESSAGE_TOO_LARGE, parse(new SipMessage(96, 100, 100), f1));
    }

    @Test
    void shouldRejectARepeatedSingleHeaderAndEmptyParameters() {
        String twoCallIds = OPTIONS_HEAD + "Via: SIP/2.0/UDP 127.0.1.10;branch=z9hG4bK1\r\nCall-ID: other\r\n" + REST;
        assertEquals(ParseResult.DUPLICATE_HEADER, parse(twoCallIds));
        assertEquals(ParseResult.BAD_VIA, parse(OPTIONS_HEAD + "Via: SIP/2.0/UDP 127.0.1.10;;branch=z9hG4bK1\r\n" + REST));
        assertFalse(message.topVia().paramsWellFormed());
    }
}
