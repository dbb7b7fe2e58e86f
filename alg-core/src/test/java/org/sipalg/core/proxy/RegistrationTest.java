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

import java.util.List;

import org.junit.jupiter.api.Test;
import org.sipalg.core.media.MediaControl;
import org.sipalg.core.registration.BindingDirectory;
import org.sipalg.core.sip.SipMessage;
import org.sipalg.core.status.CounterId;
import org.sipalg.core.status.Counters;
import org.sipalg.core.testing.CapturingOutbound;
import org.sipalg.core.testing.CapturingOutbound.Sent;
import org.sipalg.core.testing.Fixtures;
import org.sipalg.core.testing.Sip;

/**
 * RFC 3665 §2 with Alice behind the ALG: her REGISTER reaches the outside registrar with the ALG's
 * face and a binding token, the registrar's answers settle the binding, and an INVITE to the
 * token reaches Alice where her REGISTER came from (RFC 3581), until expiry or de-registration.
 */
class RegistrationTest {
    private static final int NAT_IP = Fixtures.ip("127.0.1.50");
    private static final int NAT_PORT = 40_000;
    private static final String REGISTER = String.join("\r\n",
        "REGISTER sip:biloxi.example.com SIP/2.0",
        "Via: SIP/2.0/UDP 127.0.1.10:5061;branch=z9hG4bKnashds7;rport",
        "Max-Forwards: 70",
        "From: Alice <sip:alice@atlanta.example.com>;tag=a73kszlfl",
        "To: Alice <sip:alice@atlanta.example.com>",
        "Call-ID: 1j9FpLxk3uxtm8tn@127.0.1.10",
        "CSeq: 1 REGISTER",
        "Contact: <sip:alice@127.0.1.10:5061;transport=udp>;expires=3600",
        "Content-Length: 0", "", "");

    private final Counters counters = new Counters();
    private final ProcessorSettings settings = new ProcessorSettings(Fixtures.defaultRealms(), 0, 1, 1024, 185_000,
        4 * 3_600_000L, 16_000, SipMessage.DEFAULT_MAX_MESSAGE_SIZE, SipMessage.DEFAULT_MAX_HEADERS,
        SipMessage.DEFAULT_MAX_START_LINE, new RegistrationSettings(64, RegistrationSettings.KEEPALIVE_CRLF, 30_000));
    private final SipProcessor processor = new SipProcessor(settings, counters, 0);
    private final CapturingOutbound out = new CapturingOutbound();
    private long nowMs = 1_000;

    private List<Sent> receive(SipProcessor to, String message, int realm, int ip, int port) {
        return out.feed(to, message, realm, ip, port, nowMs);
    }

    private List<Sent> fromProxy(String message) {
        return receive(processor, message, OUTSIDE, PROXY2_IP, PROXY2_PORT);
    }

    private List<Sent> advance(long ms) {
        nowMs += ms;
        return out.tick(processor, nowMs - ms, nowMs);
    }

    /** The registrar's answer to the REGISTER the ALG forwarded: its Vias, To tag, the Contacts it holds. */
    private static String registrarAnswer(String forwarded, String statusLine, String contacts) {
        return String.join("\r\n", statusLine, Sip.viaLines(forwarded),
            "From: Alice <sip:alice@atlanta.example.com>;tag=a73kszlfl",
            "To: Alice <sip:alice@atlanta.example.com>;tag=37GkEhwl6",
            "Call-ID: 1j9FpLxk3uxtm8tn@127.0.1.10",
            "CSeq: " + Sip.header(forwarded, "CSeq")) + "\r\n" + contacts + "Content-Length: 0\r\n\r\n";
    }

    /** Registers Alice from {@code ip:port} (challenge, retry, 200); returns the Contact the registrar holds. */
    private String register(int ip, int port) {
        String forwarded = receive(processor, REGISTER, INSIDE, ip, port).get(0).text();
        String maskedContact = Sip.header(forwarded, "Contact");
        fromProxy(registrarAnswer(forwarded, "SIP/2.0 401 Unauthorized",
            "WWW-Authenticate: Digest realm=\"biloxi.example.com\", nonce=\"ea9c8e88df84f1cec4341ae6cbe5a359\"\r\n"));
        String retry = REGISTER.replace("CSeq: 1", "CSeq: 2").replace("z9hG4bKnashds7", "z9hG4bKnashds8")
            .replace("Max-Forwards: 70", "Max-Forwards: 70\r\nAuthorization: Digest username=\"alice\"");
        String retried = receive(processor, retry, INSIDE, ip, port).get(0).text();
        assertEquals(maskedContact, Sip.header(retried, "Contact"), "the retry keeps the binding and its token");
        List<Sent> ok = fromProxy(registrarAnswer(retried, "SIP/2.0 200 OK", "Contact: " + maskedContact + "\r\n"));
        assertEquals("<sip:alice@127.0.1.10:5061;transport=udp>;expires=3600", Sip.header(ok.get(0).text(), "Contact"),
            "Alice sees her own Contact in the 200");
        return maskedContact;
    }

    private static String inviteTo(String maskedContact) {
        String uri = Sip.uri(maskedContact);
        return Fixtures.message("rfc3665-3.5/F1-invite.sip")
            .replace("INVITE sip:bob@biloxi.example.com", "INVITE " + uri)
            .replaceAll("Route: [^\r]*\r\n", "")
            .replace("127.0.1.10:5061;branch=z9hG4bK74bf9", "127.0.2.20:5060;branch=z9hG4bKp2inv")
            .replace("3848276298220188511@", "inbound@");
    }

    @Test
    void shouldShowTheRegistrarOnlyTheAlgsFaceWithABindingToken() {
        String forwarded = receive(processor, REGISTER, INSIDE, ALICE_IP, ALICE_PORT).get(0).text();

        assertEquals("REGISTER sip:biloxi.example.com SIP/2.0", Sip.startLine(forwarded));
        String contact = Sip.header(forwarded, "Contact");
        assertTrue(contact.matches("<sip:alice@127\\.0\\.2\\.1:5060;sipalg=r[0-9a-f]+>;expires=3600"), contact);
        assertFalse(forwarded.contains("127.0.1.10:5061;transport"), "Alice's address stays inside");
        assertEquals(0, processor.activeCalls(), "a REGISTER is no call");
    }

    @Test
    void shouldBringAnInviteToTheTokenToAliceWhereHerRegisterCameFrom() {
        String masked = register(NAT_IP, NAT_PORT);

        List<Sent> sent = fromProxy(inviteTo(masked));

        assertEquals("SIP/2.0 100 Trying", Sip.startLine(sent.get(0).text()));
        Sent invite = sent.get(1);
        assertEquals("127.0.1.50:40000", invite.destination(), "the NAT's face (received/rport of the REGISTER)");
        assertEquals(INSIDE, invite.realm());
        assertEquals("INVITE sip:alice@127.0.1.10:5061;transport=udp SIP/2.0", Sip.startLine(invite.text()));
        assertFalse(Sip.header(invite.text(), "Contact").contains("127.0.2."), "Proxy 2's Contact is masked");
        assertEquals(1, processor.activeCalls());
    }

    @Test
    void shouldNotMoveABindingForARegisterTheRegistrarRefused() {
        String masked = register(NAT_IP, NAT_PORT);
        // Someone else, unauthenticated, claims Alice's AOR and Contact from elsewhere.
        String claim = REGISTER.replace("CSeq: 1", "CSeq: 7").replace("z9hG4bKnashds7", "z9hG4bKclaim");
        String forwarded = receive(processor, claim, INSIDE, Fixtures.ip("127.0.1.66"), 6666).get(0).text();
        assertEquals(masked, Sip.header(forwarded, "Contact"), "the same binding");
        fromProxy(registrarAnswer(forwarded, "SIP/2.0 401 Unauthorized", ""));

        List<Sent> sent = fromProxy(inviteTo(masked));

        assertEquals("127.0.1.50:40000", sent.get(1).destination(), "still where Alice registered from");
    }

    @Test
    void shouldKeepABindingWhoseRefreshIsStillUnansweredAtItsExpiry() {
        String forwarded = receive(processor, REGISTER, INSIDE, ALICE_IP, ALICE_PORT).get(0).text();
        String masked = Sip.header(forwarded, "Contact");
        fromProxy(registrarAnswer(forwarded, "SIP/2.0 200 OK", "Contact: " + masked.replace("3600", "60") + "\r\n"));
        advance(59_900);
        String refresh = receive(processor, REGISTER.replace("CSeq: 1", "CSeq: 2").replace("z9hG4bKnashds7", "z9hG4bKrefresh"),
            INSIDE, ALICE_IP, ALICE_PORT).get(0).text();

        advance(1_000);
        assertEquals(1, processor.bindings().size(), "not expired while its refresh is on its way");
        fromProxy(registrarAnswer(refresh, "SIP/2.0 200 OK", "Contact: " + masked + "\r\n"));

        assertEquals("SIP/2.0 100 Trying", Sip.startLine(fromProxy(inviteTo(masked)).get(0).text()));
    }

    @Test
    void shouldRemoveTheBindingOnDeRegistration() {
        String masked = register(ALICE_IP, ALICE_PORT);
        String bye = REGISTER.replace("CSeq: 1", "CSeq: 3").replace("z9hG4bKnashds7", "z9hG4bKnashds9")
            .replace(";expires=3600", ";expires=0");
        String forwarded = receive(processor, bye, INSIDE, ALICE_IP, ALICE_PORT).get(0).text();
        assertEquals(masked.replace(";expires=3600", ";expires=0"), Sip.header(forwarded, "Contact"));
        fromProxy(registrarAnswer(forwarded, "SIP/2.0 200 OK", ""));

        List<Sent> sent = fromProxy(inviteTo(masked));

        assertEquals("SIP/2.0 404 Not Found (not registered)", Sip.startLine(sent.get(0).text()));
        assertEquals(0, processor.bindings().size());
    }

    @Test
    void shouldRemoveEveryBindingOfTheAorOnAWildcardDeRegistration() {
        register(ALICE_IP, ALICE_PORT);
        String all = REGISTER.replace("CSeq: 1", "CSeq: 3").replace("z9hG4bKnashds7", "z9hG4bKall")
            .replace("Contact: <sip:alice@127.0.1.10:5061;transport=udp>;expires=3600", "Contact: *\r\nExpires: 0");
        String forwarded = receive(processor, all, INSIDE, ALICE_IP, ALICE_PORT).get(0).text();
        fromProxy(registrarAnswer(forwarded, "SIP/2.0 200 OK", ""));

        assertEquals(0, processor.bindings().size());
    }

    @Test
    void shouldExpireTheBindingWhenTheRegistrarsExpiryPasses() {
        String forwarded = receive(processor, REGISTER, INSIDE, ALICE_IP, ALICE_PORT).get(0).text();
        String masked = Sip.header(forwarded, "Contact");
        fromProxy(registrarAnswer(forwarded, "SIP/2.0 200 OK", "Contact: " + masked.replace("3600", "60") + "\r\n"));
        assertEquals(1, processor.bindings().size());

        advance(61_000);

        assertEquals(0, processor.bindings().size());
        assertEquals(1, counters.get(CounterId.BINDINGS_EXPIRED));
        assertEquals("SIP/2.0 404 Not Found (not registered)", Sip.startLine(fromProxy(inviteTo(masked)).get(0).text()));
    }

    @Test
    void shouldDropABindingTheRegistrarNeverConfirmed() {
        receive(processor, REGISTER, INSIDE, ALICE_IP, ALICE_PORT);
        assertEquals(1, processor.bindings().size());

        advance(40_000);

        assertEquals(0, processor.bindings().size());
    }

    @Test
    void shouldKeepTheNatBindingOpenWithACrlfEveryInterval() {
        register(NAT_IP, NAT_PORT);

        List<Sent> sent = advance(61_000);

        assertEquals(2, sent.size());
        for (Sent keepalive : sent) {
            assertEquals("\r\n\r\n", keepalive.text());
            assertEquals("127.0.1.50:40000", keepalive.destination());
        }
        assertEquals(2, counters.get(CounterId.KEEPALIVES_SENT));
    }

    @Test
    void shouldPingWithOptionsWhenConfiguredSoAndIgnoreTheAnswer() {
        ProcessorSettings options = new ProcessorSettings(Fixtures.defaultRealms(), 0, 1, 1024, 185_000, 4 * 3_600_000L,
            16_000, SipMessage.DEFAULT_MAX_MESSAGE_SIZE, SipMessage.DEFAULT_MAX_HEADERS, SipMessage.DEFAULT_MAX_START_LINE,
            new RegistrationSettings(64, RegistrationSettings.KEEPALIVE_OPTIONS, 30_000));
        processor.onSettingsChanged(options);
        register(ALICE_IP, ALICE_PORT);

        List<Sent> sent = advance(30_500);

        assertEquals(1, sent.size());
        String ping = sent.get(0).text();
        assertEquals("OPTIONS sip:alice@127.0.1.10:5061;transport=udp SIP/2.0", Sip.startLine(ping));
        assertTrue(Sip.header(ping, "Via").startsWith("SIP/2.0/UDP 127.0.1.1:5060;branch=z9hG4bKsb"), ping);
        String answer = "SIP/2.0 200 OK\r\nVia: " + Sip.header(ping, "Via") + "\r\nFrom: " + Sip.header(ping, "From")
            + "\r\nTo: " + Sip.header(ping, "To") + ";tag=x\r\nCall-ID: " + Sip.header(ping, "Call-ID")
            + "\r\nCSeq: " + Sip.header(ping, "CSeq") + "\r\nContent-Length: 0\r\n\r\n";
        assertTrue(receive(processor, answer, INSIDE, ALICE_IP, ALICE_PORT).isEmpty());
    }

    @Test
    void shouldFindABindingOfAnotherShard() {
        BindingDirectory directory = new BindingDirectory(2, 64);
        SipProcessor shard0 = new SipProcessor(withShard(0), counters, 0, MediaControl.NONE, directory);
        SipProcessor shard1 = new SipProcessor(withShard(1), counters, 0, MediaControl.NONE, directory);
        String forwarded = receive(shard0, REGISTER, INSIDE, NAT_IP, NAT_PORT).get(0).text();
        String masked = Sip.header(forwarded, "Contact");
        receive(shard0, registrarAnswer(forwarded, "SIP/2.0 200 OK", "Contact: " + masked + "\r\n"), OUTSIDE, PROXY2_IP, PROXY2_PORT);

        List<Sent> sent = receive(shard1, inviteTo(masked), OUTSIDE, PROXY2_IP, PROXY2_PORT);

        assertEquals("127.0.1.50:40000", sent.get(1).destination());
    }

    private ProcessorSettings withShard(int shard) {
        return new ProcessorSettings(Fixtures.defaultRealms(), shard, 2, 1024, 185_000, 4 * 3_600_000L, 16_000,
            SipMessage.DEFAULT_MAX_MESSAGE_SIZE, SipMessage.DEFAULT_MAX_HEADERS, SipMessage.DEFAULT_MAX_START_LINE,
            RegistrationSettings.DEFAULT);
    }
}
