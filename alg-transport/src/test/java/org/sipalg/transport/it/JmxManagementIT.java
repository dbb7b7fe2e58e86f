package org.sipalg.transport.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import javax.management.openmbean.CompositeData;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.sipalg.transport.AlgServer;
import org.sipalg.transport.config.ConfigLoader;
import org.sipalg.transport.mgmt.AlgMXBean;
import org.sipalg.transport.mgmt.CallsMXBean;
import org.sipalg.transport.mgmt.CtlMain;
import org.sipalg.transport.mgmt.MgmtNames;
import org.sipalg.transport.mgmt.PipelineMXBean;
import org.sipalg.transport.mgmt.RealmMXBean;
import org.sipalg.transport.mgmt.RegistrationsMXBean;

/**
 * The operator's console end to end: the ALG with a copy of {@code config/alg.yaml} (JMX on
 * 127.0.0.1:9010), SIPp calls through it, and every check made over a real remote JMX connection:
 * per-realm counters, latency histograms, the call table during a call, reload of a good and a bad
 * file, and drain with a call in progress. The methods run in order on one ALG.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JmxManagementIT {
    private static final int CALLS = 20;
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration SEEN_TIMEOUT = Duration.ofSeconds(5);
    private static final int HOLD_MS = 3000;

    private static Path configFile;
    private static String originalConfig;
    private static AlgServer server;
    private static RemoteJmx jmx;

    @BeforeAll
    static void startAlg() throws Exception {
        Sipp.assumeAvailable();
        // A copy, so that the reload tests can edit it; same name, so messages say "alg.yaml".
        Path dir = Files.createDirectories(Sipp.HOME.resolve("alg-transport/target/jmx-it"));
        configFile = dir.resolve("alg.yaml");
        originalConfig = Files.readString(Sipp.HOME.resolve("config/alg.yaml"));
        Files.writeString(configFile, originalConfig);
        server = AlgServer.start(ConfigLoader.load(configFile));
        jmx = RemoteJmx.connect();
    }

    @AfterAll
    static void stopAlg() throws IOException {
        TestAlg.stop(server, jmx);
        server = null;
    }

    @Test
    @Order(1)
    void shouldServeJmxOnTheConfiguredLoopbackAddressOnly() {
        assertThrows(ConnectException.class, () -> new Socket("127.0.0.2", 9010).close(),
            "jmx.address 127.0.0.1: nothing may listen on another address");
        assertEquals("running", jmx.bean(MgmtNames.ALG, AlgMXBean.class).getState());
        assertEquals(0, jmx.bean(MgmtNames.REGISTRATIONS, RegistrationsMXBean.class).getCount(), "nobody registered yet");
    }

    @Test
    @Order(2)
    void shouldCountEachRealmsTrafficAndMeasureLatencyWhenCallsPass() throws Exception {
        Sipp.CallRun run = Sipp.runCall(Sipp.outputDir("JmxManagementIT.counters"), CALLS, 20, 100, RUN_TIMEOUT);
        assertTrue(run.clean(CALLS), run.describe());

        RealmMXBean inside = jmx.bean(MgmtNames.realm("inside"), RealmMXBean.class);
        RealmMXBean outside = jmx.bean(MgmtNames.realm("outside"), RealmMXBean.class);
        Map<String, Long> in = inside.getRequestsIn();
        Map<String, Long> out = outside.getRequestsOut();
        CallsMXBean calls = jmx.bean(MgmtNames.CALLS, CallsMXBean.class);
        AlgMXBean alg = jmx.bean(MgmtNames.ALG, AlgMXBean.class);
        assertAll("counters read over JMX",
            () -> assertEquals(CALLS, in.get("INVITE"), "INVITEs in on the inside"),
            () -> assertEquals(CALLS, in.get("ACK")),
            () -> assertEquals(CALLS, in.get("BYE")),
            () -> assertEquals(CALLS, out.get("INVITE"), "INVITEs out on the outside"),
            () -> assertEquals(CALLS, out.get("BYE")),
            () -> assertEquals(2L * CALLS, outside.getResponsesIn().get("2xx"), "200 to INVITE and to BYE from Bob"),
            () -> assertEquals(2L * CALLS, inside.getResponsesOut().get("2xx")),
            () -> assertEquals(CALLS, inside.getLocalResponses().get("1xx"), "100 Trying of the ALG's own"),
            () -> assertEquals(CALLS, calls.getCallsStarted()),
            () -> assertEquals(CALLS, calls.getCallsEnded()),
            () -> assertEquals(0, calls.getActiveCalls()),
            () -> assertEquals(3L * CALLS, alg.getRequestsForwarded()),
            () -> assertEquals(0, alg.getParseErrors()),
            () -> assertEquals(0, alg.getErrors()),
            () -> assertEquals(0, alg.getRingFullDrops()),
            () -> assertEquals(0, inside.getMediaPortsInUse(), "every relay port back in the pool"));

        PipelineMXBean parse = jmx.bean(MgmtNames.stage(MgmtNames.STAGE_PARSE), PipelineMXBean.class);
        PipelineMXBean send = jmx.bean(MgmtNames.stage(MgmtNames.STAGE_SEND), PipelineMXBean.class);
        PipelineMXBean setup = jmx.bean(MgmtNames.stage(MgmtNames.STAGE_CALL_SETUP), PipelineMXBean.class);
        assertAll("histograms",
            () -> assertTrue(parse.getCount() >= 5L * CALLS, "every request and response parsed: " + parse.getCount()),
            () -> assertTrue(send.getCount() >= 5L * CALLS, "every forward sent: " + send.getCount()),
            () -> assertEquals(CALLS, setup.getCount(), "one INVITE-to-200 per call"),
            () -> assertTrue(parse.getMax() > 0),
            () -> assertTrue(parse.getP50() <= parse.getP90() && parse.getP90() <= parse.getP99()
                && parse.getP99() <= parse.getP999() && parse.getP999() <= parse.getMax(), "percentiles in order"),
            () -> assertEquals("us", parse.getUnit()),
            () -> assertEquals("ms", setup.getUnit()));
    }

    @Test
    @Order(3)
    void shouldShowTheCallInProgressInTheCallTable() throws Exception {
        Path dir = Sipp.outputDir("JmxManagementIT.callTable");
        try (Sipp.Running bob = Sipp.bob(dir, 1).start()) {
            bob.awaitBound(Duration.ofSeconds(5));
            try (Sipp.Running alice = Sipp.alice(dir, 1, 1, HOLD_MS).start()) {
                CompositeData call = jmx.awaitCall(RemoteJmx::confirmed, SEEN_TIMEOUT);

                assertNotNull(call, "an established call in the table within " + SEEN_TIMEOUT + ": " + jmx.calls());
                assertAll("the call as the table shows it: " + call,
                    () -> assertEquals("INVITE", call.get("kind")),
                    () -> assertEquals("inside", call.get("callerRealm")),
                    () -> assertEquals("outside", call.get("calleeRealm")),
                    () -> assertTrue(call.get("callerContact").toString().contains("127.0.1.10:5061"), "Alice's real Contact"),
                    () -> assertTrue(call.get("calleeContact").toString().contains("127.0.2.10:5062"), "Bob's real Contact"),
                    () -> assertTrue(call.get("callerSeenAs").toString().startsWith("sip:127.0.2.1:5060;sipalg="),
                        "Bob's realm sees Alice as the outside face"),
                    () -> assertTrue(call.get("calleeSeenAs").toString().startsWith("sip:127.0.1.1:5060;sipalg="),
                        "Alice's realm sees Bob as the inside face"),
                    () -> assertEquals("127.0.1.10:6000", call.get("callerMedia")),
                    () -> assertTrue(call.get("callerRelayPorts").toString().matches("2\\d{4}"), "an inside relay port"),
                    () -> assertTrue(call.get("calleeRelayPorts").toString().matches("3\\d{4}"), "an outside relay port"),
                    () -> assertEquals(1, jmx.bean(MgmtNames.CALLS, CallsMXBean.class).getActiveCalls()),
                    () -> assertEquals(2, jmx.bean(MgmtNames.realm("inside"), RealmMXBean.class).getMediaPortsInUse(),
                        "one RTP/RTCP pair in the inside realm for the call's one stream"));
                Sipp.Result aliceResult = alice.await(RUN_TIMEOUT);
                assertEquals(0, aliceResult.exitCode(), aliceResult.describe());
            }
            assertEquals(0, bob.await(RUN_TIMEOUT).exitCode());
        }
    }

    @Test
    @Order(4)
    void shouldApplyAGoodReloadAndKeepTheRunningConfigWhenTheFileIsBad() throws Exception {
        AlgMXBean alg = jmx.bean(MgmtNames.ALG, AlgMXBean.class);
        RealmMXBean outside = jmx.bean(MgmtNames.realm("outside"), RealmMXBean.class);
        try {
            Files.writeString(configFile, originalConfig.replace("next-hop: 127.0.2.20:5060", "next-hop: 127.0.2.21:5070")
                .replace("linger: 16s", "linger: 20s"));
            String applied = alg.reloadConfig();
            assertTrue(applied.contains("realms.outside.next-hop 127.0.2.20:5060 -> 127.0.2.21:5070"), applied);
            assertTrue(applied.contains("calls.linger 16s -> 20s"), applied);
            assertEquals("127.0.2.21:5070", outside.getNextHop());

            Files.writeString(configFile, originalConfig.replace("address: 127.0.2.1 ", "address: 127.0.2.x "));
            IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, alg::reloadConfig);
            assertEquals("alg.yaml: realms.outside.address: not an IP address", bad.getMessage());
            assertEquals("127.0.2.21:5070", outside.getNextHop(), "the running config stays");

            Files.writeString(configFile, originalConfig.replace("shards: 1 ", "shards: 2 "));
            IllegalArgumentException restart = assertThrows(IllegalArgumentException.class, alg::reloadConfig);
            assertTrue(restart.getMessage().startsWith("alg.yaml: pipeline.shards: needs a restart (running 1, file 2)"),
                restart.getMessage());
            assertEquals(1, alg.getShards());
        } finally {
            Files.writeString(configFile, originalConfig);
        }
        assertTrue(alg.reloadConfig().contains("127.0.2.21:5070 -> 127.0.2.20:5060"), "back to the shipped file");
    }

    @Test
    @Order(5)
    void shouldAnswerNewCallsWith503AndLetTheCallInProgressFinishWhenDraining() throws Exception {
        AlgMXBean alg = jmx.bean(MgmtNames.ALG, AlgMXBean.class);
        Path dir = Sipp.outputDir("JmxManagementIT.drain");
        try (Sipp.Running bob = Sipp.bob(dir, 1).start()) {
            bob.awaitBound(Duration.ofSeconds(5));
            try (Sipp.Running alice = Sipp.alice(dir, 1, 1, HOLD_MS).start()) {
                assertNotNull(jmx.awaitCall(RemoteJmx::confirmed, SEEN_TIMEOUT), "Alice's call is up before the drain");

                alg.drain();
                assertEquals("draining", alg.getState());
                String answer = sendInviteAndReceive("drain-test-1@127.0.1.11");

                assertTrue(answer.startsWith("SIP/2.0 503 Service Unavailable (draining)\r\n"), answer);
                Sipp.Result aliceResult = alice.await(RUN_TIMEOUT);
                assertEquals(0, aliceResult.exitCode(), "the call in progress ends normally" + aliceResult.describe());
            }
            assertEquals(0, bob.await(RUN_TIMEOUT).exitCode());
        } finally {
            alg.resume();
        }
        assertEquals(1, jmx.bean(MgmtNames.CALLS, CallsMXBean.class).getRefusedDraining());
        assertEquals(1L, alg.getDrops().get("DRAIN_REFUSED"));
        assertEquals(1, alg.getLocal5xxSent());
        assertEquals("running", alg.getState());
    }

    @Test
    @Order(6)
    void shouldPrintTablesAndJsonWhenTheConsoleClientAsks() {
        Console status = ctl("--jmx", "127.0.0.1:9010", "status");
        assertEquals(0, status.exit(), status.err());
        assertTrue(status.out().startsWith("sip-alg running, up "), status.out());
        assertTrue(status.out().contains("\nSTAGE "), "the latency table: " + status.out());

        Console realms = ctl("--jmx", "127.0.0.1:9010", "--json", "realms");
        assertEquals(0, realms.exit(), realms.err());
        assertTrue(realms.out().startsWith("[") && realms.out().contains("\"name\": \"inside\""), realms.out());

        Console reload = ctl("--jmx", "127.0.0.1:9010", "reload");
        assertEquals(0, reload.exit(), reload.err());
        assertEquals("alg.yaml: no change\n", reload.out());

        assertEquals(3, ctl("--jmx", "127.0.0.1:9", "status").exit(), "nothing listens there");
        assertEquals(2, ctl("--jmx", "127.0.0.1:9010", "frobnicate").exit(), "unknown command");
    }

    private record Console(int exit, String out, String err) {
    }

    private static Console ctl(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = CtlMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Console(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    @Order(7)
    void shouldZeroCountersAndHistogramsWhenReset() {
        AlgMXBean alg = jmx.bean(MgmtNames.ALG, AlgMXBean.class);
        alg.resetCounters();
        assertEquals(0, alg.getRequestsReceived());
        assertEquals(0, jmx.bean(MgmtNames.realm("inside"), RealmMXBean.class).getRequestsIn().get("INVITE"));
        assertEquals(0, jmx.bean(MgmtNames.stage(MgmtNames.STAGE_PARSE), PipelineMXBean.class).getCount());
    }

    /** A new call from Carol (127.0.1.11:5070, inside realm), sent by hand; returns the ALG's first answer. */
    private static String sendInviteAndReceive(String callId) throws IOException {
        String invite = "INVITE sip:bob@127.0.2.10:5062 SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 127.0.1.11:5070;branch=z9hG4bK-drain-1;rport\r\n"
            + "Max-Forwards: 70\r\n"
            + "From: <sip:carol@127.0.1.11:5070>;tag=drain1\r\n"
            + "To: <sip:bob@127.0.2.10:5062>\r\n"
            + "Call-ID: " + callId + "\r\n"
            + "CSeq: 1 INVITE\r\n"
            + "Contact: <sip:carol@127.0.1.11:5070>\r\n"
            + "Content-Length: 0\r\n\r\n";
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.1.11", 5070))) {
            socket.setSoTimeout(2000);
            byte[] bytes = invite.getBytes(StandardCharsets.US_ASCII);
            socket.send(new DatagramPacket(bytes, bytes.length, new InetSocketAddress("127.0.1.1", 5060)));
            DatagramPacket answer = new DatagramPacket(new byte[4096], 4096);
            socket.receive(answer);
            return new String(answer.getData(), 0, answer.getLength(), StandardCharsets.US_ASCII);
        }
    }
}
