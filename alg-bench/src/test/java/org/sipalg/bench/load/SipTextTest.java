package org.sipalg.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetSocketAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

class SipTextTest {
    private static final String OK_WITH_SDP = "SIP/2.0 200 OK\r\n"
            + "Via: SIP/2.0/UDP 127.0.1.10:5061;branch=z9hG4bK-1;rport=5061\r\n"
            + "Record-Route: <sip:127.0.1.1:5060;r2=on;lr>,<sip:127.0.2.1:5060;r2=on;lr>\r\n"
            + "Record-Route: <sip:127.0.2.20;lr>\r\n"
            + "To: Bob <sip:bob@127.0.2.10:5062>;tag=bob0\r\n"
            + "i: rtpload-7-abc\r\n"
            + "CSeq: 1 INVITE\r\n"
            + "m: <sip:bob@127.0.1.1:5060;sipalg=xyz>\r\n"
            + "Content-Length: 60\r\n\r\n"
            + "v=0\r\nc=IN IP4 127.0.1.1\r\nm=audio 20002 RTP/AVP 0\r\n";

    @Test
    void shouldReadStatusHeadersAndCompactFormsWhenParsingAResponse() {
        SipText message = SipText.parse(OK_WITH_SDP);
        assertEquals(200, message.statusCode());
        assertEquals("", message.method());
        assertEquals("rtpload-7-abc", message.header("Call-ID", "i"));
        assertEquals("sip:bob@127.0.1.1:5060;sipalg=xyz", SipText.uriOf(message.header("Contact", "m")));
        assertEquals(7, LoadCall.indexOf(message.header("Call-ID", "i")));
    }

    @Test
    void shouldSplitRecordRouteValuesWhenOneLineHoldsSeveral() {
        List<String> values = SipText.parse(OK_WITH_SDP).headerValues("Record-Route", null);
        assertEquals(List.of("<sip:127.0.1.1:5060;r2=on;lr>", "<sip:127.0.2.1:5060;r2=on;lr>", "<sip:127.0.2.20;lr>"), values);
    }

    @Test
    void shouldFindTheAudioAddressWhenTheBodyHasConnectionAndMediaLines() {
        assertEquals(new InetSocketAddress("127.0.1.1", 20002), SipText.parse(OK_WITH_SDP).sdpAudioAddress());
    }

    @Test
    void shouldGiveNoAudioAddressWhenTheBodyIsMissingOrBroken() {
        assertNull(SipText.parse("SIP/2.0 200 OK\r\nCSeq: 2 BYE\r\n\r\n").sdpAudioAddress());
        assertNull(SipText.parse("SIP/2.0 200 OK\r\n\r\nc=IN IP4 127.0.1.1\r\nm=audio x RTP/AVP 0\r\n").sdpAudioAddress());
        assertEquals(-1, SipText.parse("SIP/2.0 2x0 OK\r\n\r\n").statusCode());
    }

    @Test
    void shouldReadTheMethodWhenParsingARequest() {
        SipText bye = SipText.parse("BYE sip:bob@127.0.2.10:5062 SIP/2.0\nCall-ID: other\n\n");
        assertEquals("BYE", bye.method());
        assertEquals(-1, bye.statusCode());
        assertEquals(-1, LoadCall.indexOf(bye.header("Call-ID", "i")));
    }
}
