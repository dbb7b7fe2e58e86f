package org.sipalg.transport.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipalg.transport.it.PhoneCall.ALG_INSIDE;
import static org.sipalg.transport.it.PhoneCall.ALG_OUTSIDE;
import static org.sipalg.transport.it.PhoneCall.ALG_PORT;
import static org.sipalg.transport.it.PhoneCall.WAIT_MS;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import javax.management.openmbean.CompositeData;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sipalg.core.testing.Sip;
import org.sipalg.transport.AlgServer;
import org.sipalg.transport.config.AlgConfig;
import org.sipalg.transport.config.ConfigLoader;
import org.sipalg.transport.config.RegistrationsConfig;
import org.sipalg.transport.mgmt.MgmtNames;
import org.sipalg.transport.mgmt.RegistrationsMXBean;

/**
 * RFC 3665 §2 with Alice behind the ALG, over real UDP: Alice, behind a NAT (she sends from
 * 127.0.1.50:40000, her Contact says 127.0.1.10:5061), registers through the ALG with the registrar
 * at the outside next hop (127.0.2.20:5060, a socket of this test); the registrar challenges, Alice
 * retries, the registrar accepts. The binding shows over remote JMX, an INVITE to the Contact the
 * registrar holds reaches Alice at her NAT's face, the ALG keeps that NAT open with CRLFs, and
 * de-registration removes the binding.
 */
class RegistrationIT {
    private static final String REGISTER = String.join("\r\n",
        "REGISTER sip:biloxi.example.com SIP/2.0",
        "Via: SIP/2.0/UDP 127.0.1.10:5061;branch=z9hG4bK-${BRANCH};rport",
        "Max-Forwards: 70",
        "From: Alice <sip:alice@atlanta.example.com>;tag=a73kszlfl",
        "To: Alice <sip:alice@atlanta.example.com>",
        "Call-ID: reg-it-1@127.0.1.10",
        "CSeq: ${CSEQ} REGISTER",
        "Contact: <sip:alice@127.0.1.10:5061>;expires=${EXPIRES}",
        "Content-Length: 0", "", "");

    private static AlgServer server;
    private static RemoteJmx jmx;

    @BeforeAll
    static void startAlg() throws Exception {
        AlgConfig file = ConfigLoader.load(TestAlg.SHIPPED_CONFIG);
        AlgConfig config = new AlgConfig(file.file(), file.aliases(), file.realms(), file.pipeline(), file.calls(), file.jmx(),
            file.logLevel(), file.limits(), new RegistrationsConfig(1024, "crlf", Duration.ofSeconds(1)));
        server = AlgServer.start(config);
        jmx = RemoteJmx.connect();
    }

    @AfterAll
    static void stopAlg() throws IOException {
        TestAlg.stop(server, jmx);
        server = null;
    }

    private static String register(int cseq, int expires) {
        return REGISTER.replace("${BRANCH}", "r" + cseq).replace("${CSEQ}", Integer.toString(cseq))
            .replace("${EXPIRES}", Integer.toString(expires));
    }

    /** The registrar's answer: the request's Via lines, its To with a tag, and the Contacts it holds. */
    private static String answer(String request, String statusLine, String extraHeaders) {
        return statusLine + "\r\n" + Sip.viaLines(request) + "\r\nFrom: " + Sip.header(request, "From")
            + "\r\nTo: " + Sip.header(request, "To") + ";tag=reg1\r\nCall-ID: " + Sip.header(request, "Call-ID")
            + "\r\nCSeq: " + Sip.header(request, "CSeq") + "\r\n" + extraHeaders + "Content-Length: 0\r\n\r\n";
    }

    private static String inviteTo(String uri, String branch) {
        return "INVITE " + uri + " SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.2.20:5060;branch=z9hG4bK" + branch + ";rport\r\n"
            + "Max-Forwards: 70\r\nFrom: Bob <sip:bob@biloxi.example.com>;tag=b1\r\nTo: <sip:alice@atlanta.example.com>\r\n"
            + "Call-ID: inbound-" + branch + "@127.0.2.20\r\nCSeq: 1 INVITE\r\nContact: <sip:bob@127.0.2.20:5060>\r\n"
            + "Content-Length: 0\r\n\r\n";
    }

    @Test
    void shouldRegisterAliceBehindANatAndBringAnInviteToHerThenForgetHerOnDeRegistration() throws Exception {
        try (TestPhone alice = new TestPhone("alice", "127.0.1.50", 40_000, 46_000);
             TestPhone registrar = new TestPhone("registrar", "127.0.2.20", 5060, 46_002)) {
            // Challenge and retry (RFC 3665 §2 F1-F4).
            alice.send(register(1, 3600), ALG_INSIDE, ALG_PORT);
            String first = registrar.expect("REGISTER", WAIT_MS);
            String seenContact = Sip.header(first, "Contact");
            assertTrue(seenContact.matches("<sip:alice@127\\.0\\.2\\.1:5060;sipalg=r[0-9a-f]+>;expires=3600"), seenContact);
            // The kept Vias and Alice's own Call-ID aside (no topology hiding), nothing of the inside reaches the registrar.
            String rest = first.replaceAll("(?m)^(Via|Call-ID): [^\r]*\r\n", "");
            assertFalse(rest.contains("127.0.1."), rest);
            registrar.send(answer(first, "SIP/2.0 401 Unauthorized",
                "WWW-Authenticate: Digest realm=\"biloxi.example.com\", nonce=\"ea9c8e88df84f1cec4341ae6cbe5a359\"\r\n"),
                ALG_OUTSIDE, ALG_PORT);
            alice.expect("SIP/2.0 401", WAIT_MS);
            alice.send(register(2, 3600).replace("Max-Forwards: 70", "Max-Forwards: 70\r\nAuthorization: Digest username=\"alice\""),
                ALG_INSIDE, ALG_PORT);
            String second = registrar.expect("REGISTER", WAIT_MS);
            assertEquals(seenContact, Sip.header(second, "Contact"), "the retry keeps its binding token");
            registrar.send(answer(second, "SIP/2.0 200 OK", "Contact: " + seenContact + "\r\n"), ALG_OUTSIDE, ALG_PORT);
            String ok = alice.expect("SIP/2.0 200", WAIT_MS);
            assertEquals("<sip:alice@127.0.1.10:5061>;expires=3600", Sip.header(ok, "Contact"), "Alice sees her own Contact");

            List<CompositeData> rows = jmx.rows(MgmtNames.REGISTRATIONS, RegistrationsMXBean.TABLE);
            assertEquals(1, rows.size());
            CompositeData row = rows.get(0);
            assertEquals("sip:alice@atlanta.example.com", row.get("aor"));
            assertEquals("inside", row.get("realm"));
            assertEquals("sip:alice@127.0.1.10:5061", row.get("contact"));
            assertEquals("127.0.1.50:40000", row.get("source"));
            assertEquals("registered", row.get("state"));
            assertEquals(Sip.uri(seenContact), row.get("contactSeenAs"));

            // An INVITE to the Contact the registrar holds reaches Alice at her NAT's face.
            registrar.send(inviteTo(Sip.uri(seenContact), "in1"), ALG_OUTSIDE, ALG_PORT);
            String invite = alice.expect("INVITE", WAIT_MS);
            assertEquals("INVITE sip:alice@127.0.1.10:5061 SIP/2.0", Sip.startLine(invite));
            assertFalse(Sip.header(invite, "Contact").contains("127.0.2."), Sip.header(invite, "Contact"));
            alice.send(answer(invite, "SIP/2.0 486 Busy Here", ""), ALG_INSIDE, ALG_PORT);
            assertTrue(registrar.expect("SIP/2.0 486", WAIT_MS).contains("Busy Here"));

            // NAT keep-alive: a CRLF pair to where Alice registered from, each interval (1 s here).
            assertEquals("\r\n\r\n", alice.expect("\r\n", 3 * WAIT_MS));

            // De-registration: the registrar no longer lists the Contact, the ALG forgets it.
            alice.send(register(3, 0), ALG_INSIDE, ALG_PORT);
            String removal = registrar.expect("REGISTER", WAIT_MS);
            registrar.send(answer(removal, "SIP/2.0 200 OK", ""), ALG_OUTSIDE, ALG_PORT);
            alice.expect("SIP/2.0 200", WAIT_MS);
            assertEquals(0, jmx.bean(MgmtNames.REGISTRATIONS, RegistrationsMXBean.class).getCount());
            registrar.send(inviteTo(Sip.uri(seenContact), "in2"), ALG_OUTSIDE, ALG_PORT);
            assertEquals("SIP/2.0 404 Not Found (not registered)", Sip.startLine(registrar.expect("SIP/2.0 404", WAIT_MS)));
        }
    }
}
