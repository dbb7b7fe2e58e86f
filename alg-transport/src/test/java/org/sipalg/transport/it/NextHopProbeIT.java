package org.sipalg.transport.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sipalg.transport.it.PhoneCall.WAIT_MS;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sipalg.core.route.NextHopHealth;
import org.sipalg.core.status.CounterId;
import org.sipalg.core.testing.Sip;
import org.sipalg.transport.AlgServer;
import org.sipalg.transport.config.AlgConfig;
import org.sipalg.transport.config.ConfigLoader;
import org.sipalg.transport.config.RealmConfig;

/**
 * {@code realms.outside.next-hop-probe}: with nothing listening at the outside next hop
 * (127.0.2.20:5060), the ALG's OPTIONS probe gets an ICMP port unreachable, and an INVITE that
 * would go there is answered 503 at once instead of 408 after 32 s; once the hop answers a
 * probe, INVITEs go through again.
 */
class NextHopProbeIT {
    private static final int OUTSIDE = 1;
    private static final String INVITE = String.join("\r\n",
        "INVITE sip:bob@biloxi.example.com SIP/2.0",
        "Via: SIP/2.0/UDP 127.0.1.10:5061;branch=z9hG4bK-${BRANCH};rport",
        "Max-Forwards: 70",
        "From: Alice <sip:alice@atlanta.example.com>;tag=probe1",
        "To: Bob <sip:bob@biloxi.example.com>",
        "Call-ID: probe-${BRANCH}@127.0.1.10",
        "CSeq: 1 INVITE",
        "Contact: <sip:alice@127.0.1.10:5061>",
        "Content-Length: 0", "", "");

    private static AlgServer server;

    @BeforeAll
    static void startAlg() throws Exception {
        AlgConfig file = ConfigLoader.load(TestAlg.SHIPPED_CONFIG);
        List<RealmConfig> realms = new ArrayList<>(file.realms());
        RealmConfig outside = realms.get(OUTSIDE);
        realms.set(OUTSIDE, new RealmConfig(outside.name(), outside.address(), outside.port(), outside.advertised(),
            outside.networks(), outside.mediaAddress(), outside.mediaAdvertised(), outside.mediaPortMin(),
            outside.mediaPortMax(), outside.nextHop(), Duration.ofSeconds(1)));
        server = AlgServer.start(new AlgConfig(file.file(), file.aliases(), realms, file.pipeline(), file.calls(), file.jmx(),
            file.logLevel(), file.limits(), file.registrations()));
    }

    @AfterAll
    static void stopAlg() throws IOException {
        TestAlg.stop(server, null);
        server = null;
    }

    private static void awaitState(int state) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (server.nextHopState(OUTSIDE) != state && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(state, server.nextHopState(OUTSIDE), "state of the outside next hop");
    }

    @Test
    void shouldRefuseAnInviteAtOnceWhileTheNextHopIsUnreachableAndForwardItOnceItAnswers() throws Exception {
        try (TestPhone alice = new TestPhone("alice", "127.0.1.10", 5061, 46_010)) {
            awaitState(NextHopHealth.UNREACHABLE);
            alice.send(INVITE.replace("${BRANCH}", "one"), "127.0.1.1", 5060);
            String refused = alice.expect("SIP/2.0 5", WAIT_MS);
            assertEquals("SIP/2.0 503 Service Unavailable (next hop not answering)", Sip.startLine(refused));
            assertTrue(server.counter(CounterId.NEXT_HOP_PROBES_FAILED) >= 1);

            try (TestPhone proxy = new TestPhone("proxy", "127.0.2.20", 5060, 46_012)) {
                String probe = proxy.expect("OPTIONS", 3 * WAIT_MS);
                proxy.send("SIP/2.0 200 OK\r\n" + Sip.viaLines(probe) + "\r\nFrom: " + Sip.header(probe, "From")
                    + "\r\nTo: " + Sip.header(probe, "To") + ";tag=p\r\nCall-ID: " + Sip.header(probe, "Call-ID")
                    + "\r\nCSeq: " + Sip.header(probe, "CSeq") + "\r\nContent-Length: 0\r\n\r\n", "127.0.2.1",
                    Integer.parseInt(Sip.header(probe, "Via").replaceAll("^SIP/2\\.0/UDP [0-9.]+:([0-9]+);.*$", "$1")));
                awaitState(NextHopHealth.UP);

                alice.send(INVITE.replace("${BRANCH}", "two"), "127.0.1.1", 5060);
                String forwarded = proxy.expect("INVITE", WAIT_MS);
                assertEquals("INVITE sip:bob@biloxi.example.com SIP/2.0", Sip.startLine(forwarded));
            }
        }
    }
}
