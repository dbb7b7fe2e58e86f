package org.sipalg.transport.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.management.JMX;
import javax.management.openmbean.CompositeData;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.sipalg.core.status.CounterId;
import org.sipalg.transport.AlgServer;
import org.sipalg.transport.config.ConfigLoader;
import org.sipalg.transport.mgmt.CallsMXBean;
import org.sipalg.transport.mgmt.MgmtNames;
import org.sipalg.transport.mgmt.RegistrationsMXBean;

/**
 * Real phones and a real proxy through the ALG, as an operator would try it: the ALG with the shipped
 * {@code config/alg.yaml}; Kamailio 5.6 as the outside registrar and proxy on 127.0.2.20:5060 (usrloc in memory, no
 * auth, record-routing its dialogs); two baresip 1.0 soft-phones with auto-answer: Alice inside on 127.0.1.10:5061,
 * registering through the ALG's inside face (outbound proxy {@code sip:127.0.1.1:5060;lr}), and Bob outside on
 * 127.0.2.10:5062, registered at Kamailio directly. Both phones send a 440 Hz tone (PCMU) from a WAV file.
 *
 * <p>Every file of a run (configurations, the phones' logs with SIP traces, Kamailio's log) goes to
 * {@code alg-transport/target/sipp/RealPhonesIT/}. Skipped when kamailio, kamcmd, baresip or a C compiler is missing,
 * except under CI, where that fails. {@code -Dsipalg.phones.recordRoute=false} runs Kamailio without record-routing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealPhonesIT {

    /** System property: {@code false} runs Kamailio without record_route(), the only way Alice's call works now. */
    static final String RECORD_ROUTE_PROPERTY = "sipalg.phones.recordRoute";

    private static final Path RESOURCES = Sipp.HOME.resolve("alg-transport/src/test/resources/phones");
    private static final String PROXY_IP = "127.0.2.20";
    private static final int PROXY_PORT = 5060;
    private static final String ALICE_AOR = "sip:alice@" + PROXY_IP;
    private static final String BOB_AOR = "sip:bob@" + PROXY_IP;
    private static final int INSIDE = 0;
    private static final int OUTSIDE = 1;

    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration SETTLE = Duration.ofSeconds(5);
    /** One second of 20 ms PCMU each way: enough to show the relay carries the call, not a speed figure. */
    private static final long MIN_PACKETS_RELAYED = 100;

    private static Path dir;
    private static AlgServer server;
    private static CallsMXBean calls;
    private static Kamailio kamailio;
    private static Phone bob;
    private static Phone alice;

    @BeforeAll
    static void startEverything() throws Exception {
        Path kamailioBin = require("kamailio", "kamailio");
        Path kamcmd = require("kamcmd", "kamailio");
        Path baresip = require("baresip", "baresip-core");
        Path cc = require("cc", "gcc");
        dir = Sipp.outputDir("RealPhonesIT");
        Path shim = compileBindShim(cc);
        Path tone = writeTone(dir.resolve("tone.wav"));

        server = AlgServer.start(ConfigLoader.load(Sipp.HOME.resolve("config/alg.yaml")));
        calls = JMX.newMXBeanProxy(ManagementFactory.getPlatformMBeanServer(), MgmtNames.of(MgmtNames.CALLS),
                CallsMXBean.class);
        kamailio = Kamailio.start(kamailioBin, kamcmd, dir.resolve("kamailio"),
                !"false".equals(System.getProperty(RECORD_ROUTE_PROPERTY)));
        bob = Phone.start(baresip, shim, tone, "bob", Sipp.BOB_IP, Sipp.BOB_PORT, Sipp.BOB_MEDIA_PORT);
        alice = Phone.start(baresip, shim, tone, "alice", Sipp.ALICE_IP, Sipp.ALICE_PORT, Sipp.ALICE_MEDIA_PORT);
        // baresip registers at start-up; the calls need both bindings at Kamailio.
        awaitOrFail(() -> kamailio.contactOf("alice") != null && kamailio.contactOf("bob") != null, START_TIMEOUT,
                "both phones registered at Kamailio");
    }

    @AfterAll
    static void stopEverything() {
        // Phones first: on SIGTERM baresip de-registers through the ALG and Kamailio.
        for (AutoCloseable part : new AutoCloseable[] {alice, bob, kamailio, server}) {
            try {
                if (part != null) {
                    part.close();
                }
            } catch (Exception e) {
                System.err.println("RealPhonesIT: stopping " + part + ": " + e);
            }
        }
    }

    /** A failed call must not leave the next test a phone still in a call, or a live call in the ALG. */
    @AfterEach
    void hangUpWhatIsLeft() throws Exception {
        alice.command("hangup", "");
        bob.command("hangup", "");
        await(() -> calls.getActiveCalls() == 0, SETTLE);
    }

    @Test
    @Order(1)
    void shouldBindAliceAtTheAlgsOutsideFaceAndBobDirectlyWhenBothPhonesRegister() throws Exception {
        String details = details();
        String aliceAtProxy = kamailio.contactOf("alice");
        String bobAtProxy = kamailio.contactOf("bob");
        assertNotNull(aliceAtProxy, "Alice's binding at Kamailio" + details);
        assertNotNull(bobAtProxy, "Bob's binding at Kamailio" + details);
        try (RemoteJmx jmx = RemoteJmx.connect()) {
            List<CompositeData> rows = jmx.rows(MgmtNames.REGISTRATIONS, RegistrationsMXBean.TABLE);
            assertEquals(1, rows.size(), "the ALG keeps Alice's binding only (Bob registers directly)" + details);
            CompositeData row = rows.get(0);
            assertAll("Alice registered through the ALG",
                    () -> assertTrue(aliceAtProxy.matches("sip:alice[^@]*@127\\.0\\.2\\.1:5060;sipalg=r[0-9a-f]+"),
                            "Kamailio holds the ALG's outside face and a binding token: " + aliceAtProxy + details),
                    () -> assertEquals(aliceAtProxy, row.get("contactSeenAs"), "the binding the ALG serves" + details),
                    () -> assertEquals("inside", row.get("realm"), details),
                    () -> assertEquals(Sipp.ALICE_IP + ":" + Sipp.ALICE_PORT, row.get("source"),
                            "where Alice registered from" + details),
                    () -> assertEquals("registered", row.get("state"), details),
                    () -> assertTrue(server.counter(CounterId.REGISTRATIONS) >= 1, "REGISTRATIONS" + details),
                    () -> assertTrue(bobAtProxy.matches("sip:bob[^@]*@127\\.0\\.2\\.10:5062"),
                            "Bob's own Contact at Kamailio: " + bobAtProxy + details));
        }
    }

    /**
     * Kamailio record-routes (the default), so Alice's ACK and BYE carry a Route beyond the ALG: the ALG must put
     * Bob's real Contact back into the Request-URI and follow that Route (RFC 3261 §16.5, §12.2.1.1).
     */
    @Test
    @Order(2)
    void shouldCarryAlicesCallToBobWithMediaAndFreeEveryPortWhenAliceHangsUp() throws Exception {
        callAndHangUp(alice, bob, BOB_AOR, alice);
    }

    @Test
    @Order(3)
    void shouldCarryBobsCallToAlicesAorWithMediaAndFreeEveryPortWhenBobHangsUp() throws Exception {
        callAndHangUp(bob, alice, ALICE_AOR, bob);
    }

    /**
     * {@code caller} dials {@code aor}; the callee answers by itself; both phones see the call established and RTP
     * from the other (baresip's CALL_RTPESTAB), the ALG relays; {@code hangingUp} hangs up, both phones see the call
     * closed, and the ALG ends the call and holds no media port.
     */
    private static void callAndHangUp(Phone caller, Phone callee, String aor, Phone hangingUp) throws Exception {
        long endedBefore = server.counter(CounterId.CALLS_ENDED);
        long relayedBefore = server.counter(CounterId.MEDIA_PACKETS_RELAYED);
        int callerMark = caller.mark();
        int calleeMark = callee.mark();

        caller.command("dial", aor);
        for (String event : List.of("CALL_ESTABLISHED", "CALL_RTPESTAB")) {
            caller.awaitEvent(event, callerMark, CALL_TIMEOUT);
            callee.awaitEvent(event, calleeMark, CALL_TIMEOUT);
        }
        awaitOrFail(() -> server.counter(CounterId.MEDIA_PACKETS_RELAYED) - relayedBefore >= MIN_PACKETS_RELAYED,
                CALL_TIMEOUT, MIN_PACKETS_RELAYED + " media packets relayed by the ALG");

        hangingUp.command("hangup", "");
        caller.awaitEvent("CALL_CLOSED", callerMark, CALL_TIMEOUT);
        callee.awaitEvent("CALL_CLOSED", calleeMark, CALL_TIMEOUT);
        awaitOrFail(() -> server.counter(CounterId.CALLS_ENDED) > endedBefore && calls.getActiveCalls() == 0
                && allMediaPortsFree(), SETTLE, "the ALG ended the call and freed its media ports");
        String details = details();
        System.out.println("RealPhonesIT: " + caller + " called " + aor + SippCallIT.algCounters(server));
        assertAll("the ALG after the call",
                () -> assertEquals(0, calls.getActiveCalls(), "live calls" + details),
                () -> assertEquals(server.mediaPortCapacity(INSIDE), server.freeMediaPorts(INSIDE),
                        "free media ports, inside" + details),
                () -> assertEquals(server.mediaPortCapacity(OUTSIDE), server.freeMediaPorts(OUTSIDE),
                        "free media ports, outside" + details),
                () -> assertEquals(0, server.counter(CounterId.MEDIA_DROPPED_FOREIGN_SOURCE),
                        "media packets refused: every packet came from the latched phone" + details),
                () -> assertEquals(0, server.counter(CounterId.ERRORS), "ERRORS" + details));
    }

    private static boolean allMediaPortsFree() {
        return server.freeMediaPorts(INSIDE) == server.mediaPortCapacity(INSIDE)
                && server.freeMediaPorts(OUTSIDE) == server.mediaPortCapacity(OUTSIDE);
    }

    // ---- set-up ----------------------------------------------------------------------------------------------------

    /**
     * The executable {@code name} (PATH, then the sbin directories Kamailio lives in); a missing one skips the class,
     * or fails it under CI, as {@link Sipp#assumeAvailable()} does for SIPp.
     */
    private static Path require(String name, String debianPackage) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.addAll(List.of("/usr/sbin", "/usr/local/sbin", "/sbin"));
        for (String entry : dirs) {
            Path candidate = entry.isEmpty() ? null : Path.of(entry, name);
            if (candidate != null && Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        String missing = name + " is not installed (./scripts/test installs the Debian package " + debianPackage + ")";
        if (System.getenv("CI") != null) {
            fail(missing + " but CI is set");
        }
        Assumptions.abort(missing);
        return null;
    }

    /** Builds bindaddr.so (see bindaddr.c: it keeps each phone's sockets on the phone's own address). */
    private static Path compileBindShim(Path cc) throws Exception {
        Path shim = dir.resolve("bindaddr.so");
        Path log = dir.resolve("bindaddr.cc.log");
        Process compile = new ProcessBuilder(cc.toString(), "-shared", "-fPIC", "-O2", "-o", shim.toString(),
                RESOURCES.resolve("bindaddr.c").toString(), "-ldl")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!compile.waitFor(60, TimeUnit.SECONDS)) {
            compile.destroyForcibly();
        }
        if (compile.isAlive() || compile.exitValue() != 0) {
            fail("cc bindaddr.c failed:\n" + Files.readString(log));
        }
        return shim;
    }

    /** 30 s of a 440 Hz sine, 8 kHz 16-bit mono WAV: what both phones "say" (PCMU is 8 kHz). */
    private static Path writeTone(Path file) throws IOException {
        int rate = 8000;
        int samples = rate * 30;
        ByteBuffer wav = ByteBuffer.allocate(44 + 2 * samples).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + 2 * samples)
                .put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16)
                .putShort((short) 1).putShort((short) 1).putInt(rate).putInt(2 * rate).putShort((short) 2)
                .putShort((short) 16).put("data".getBytes(StandardCharsets.US_ASCII)).putInt(2 * samples);
        for (int i = 0; i < samples; i++) {
            wav.putShort((short) (8000 * Math.sin(2 * Math.PI * 440 * i / rate)));
        }
        return Files.write(file, wav.array());
    }

    private static String template(String resource, String... placeholdersAndValues) throws IOException {
        String text = Files.readString(RESOURCES.resolve(resource));
        for (int i = 0; i < placeholdersAndValues.length; i += 2) {
            text = text.replace(placeholdersAndValues[i], placeholdersAndValues[i + 1]);
        }
        return text;
    }

    /** Polls {@code condition} every 50 ms until it holds, at most {@code timeout}; fails with the run's state if not. */
    private static void awaitOrFail(BooleanSupplier condition, Duration timeout, String what)
            throws InterruptedException, IOException {
        if (!await(condition, timeout)) {
            fail("not within " + timeout + ": " + what + details());
        }
    }

    /** Polls {@code condition} every 50 ms until it holds, at most {@code timeout}; whether it did. */
    private static boolean await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    /** The ALG's counters and the tails of every log, for assertion messages. */
    private static String details() throws IOException {
        StringBuilder s = new StringBuilder(server == null ? "" : SippCallIT.algCounters(server));
        for (Path log : new Path[] {dir.resolve("kamailio/kamailio.log"), dir.resolve("alice/baresip.log"),
                dir.resolve("bob/baresip.log")}) {
            s.append("---- ").append(log).append(" (tail) ----\n").append(tail(log, 3000)).append('\n');
        }
        return s.toString();
    }

    private static String tail(Path file, int chars) throws IOException {
        if (!Files.exists(file)) {
            return "(none)";
        }
        String text = Files.readString(file, StandardCharsets.ISO_8859_1);
        return text.length() <= chars ? text : text.substring(text.length() - chars);
    }

    /** SIGTERM to the process and its children (Kamailio's workers), then SIGKILL after 3 s. */
    private static void stop(Process process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (process.waitFor(3, TimeUnit.SECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    // ---- the parties -----------------------------------------------------------------------------------------------

    /** Kamailio in the foreground (-DD -E), its run directory, pid file and control socket under the output dir. */
    private static final class Kamailio implements AutoCloseable {
        private static final Pattern ADDRESS = Pattern.compile("Address: (\\S+)");

        private final Process process;
        private final Path kamcmd;
        private final String controlSocket;
        private final Path runDir;

        private Kamailio(Process process, Path kamcmd, Path runDir) {
            this.process = process;
            this.kamcmd = kamcmd;
            this.runDir = runDir;
            this.controlSocket = "unix:" + runDir.resolve("kamailio_ctl");
        }

        static Kamailio start(Path kamailio, Path kamcmd, Path runDir, boolean recordRoute) throws Exception {
            Files.createDirectories(runDir);
            Path cfg = Files.writeString(runDir.resolve("kamailio.cfg"),
                    template("kamailio.cfg", "@RUN_DIR@", runDir.toString()));
            List<String> command = new ArrayList<>(List.of(kamailio.toString(), "-f", cfg.toString(), "-DD", "-E",
                    "-Y", runDir.toString(), "-P", runDir.resolve("kamailio.pid").toString(), "-w", runDir.toString()));
            if (recordRoute) {
                command.addAll(List.of("-A", "WITH_RECORD_ROUTE"));
            }
            Files.writeString(runDir.resolve("kamailio.cmd"), String.join(" ", command) + "\n");
            Process process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true).redirectOutput(runDir.resolve("kamailio.log").toFile()).start();
            Kamailio started = new Kamailio(process, kamcmd, runDir);
            try {
                awaitOrFail(() -> !process.isAlive() || udpBound(PROXY_IP, PROXY_PORT)
                        && Files.exists(runDir.resolve("kamailio_ctl")), START_TIMEOUT, "Kamailio listening");
                assertTrue(process.isAlive(), "Kamailio exited:\n" + tail(runDir.resolve("kamailio.log"), 3000));
                return started;
            } catch (Throwable e) {
                started.close();
                throw e;
            }
        }

        /** The Contact Kamailio holds for {@code user}, from {@code kamcmd ul.lookup location USER}; null if none. */
        String contactOf(String user) {
            try {
                Process lookup = new ProcessBuilder(kamcmd.toString(), "-s", controlSocket, "ul.lookup", "location", user)
                        .redirectErrorStream(true).start();
                byte[] out = lookup.getInputStream().readAllBytes();
                if (!lookup.waitFor(5, TimeUnit.SECONDS)) {
                    lookup.destroyForcibly();
                    return null;
                }
                Matcher address = ADDRESS.matcher(new String(out, StandardCharsets.UTF_8));
                return address.find() ? address.group(1) : null;
            } catch (IOException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }

        @Override
        public void close() {
            stop(process);
        }

        @Override
        public String toString() {
            return "kamailio in " + runDir;
        }
    }

    /**
     * One baresip process with its own configuration directory, driven through its ctrl_tcp socket (netstrings of
     * JSON: commands out, responses and events in). Every event is kept, in order, so that a test waits for one that
     * may already have come.
     */
    private static final class Phone implements AutoCloseable {
        private static final Pattern EVENT_TYPE = Pattern.compile("\"event\":true,\"type\":\"([A-Z_]+)\"");
        private static final int CONTROL_PORT = 4444;
        private static final int RTP_PORTS = 20;

        private final String name;
        private final Process process;
        private final Socket control;
        private final List<String> events = new ArrayList<>();

        private Phone(String name, Process process, Socket control) {
            this.name = name;
            this.process = process;
            this.control = control;
            Thread reader = new Thread(this::readEvents, "baresip-" + name);
            reader.setDaemon(true);
            reader.start();
        }

        static Phone start(Path baresip, Path shim, Path tone, String name, String ip, int sipPort, int mediaPort)
                throws Exception {
            Path home = Files.createDirectories(dir.resolve(name));
            Files.writeString(home.resolve("config"), template("baresip.config", "@NAME@", name, "@IP@", ip,
                    "@SIP_PORT@", Integer.toString(sipPort), "@TONE@", tone.toString(),
                    "@RTP_PORTS@", mediaPort + "-" + (mediaPort + RTP_PORTS - 1),
                    "@CTRL_PORT@", Integer.toString(CONTROL_PORT)));
            Files.copy(RESOURCES.resolve(name + ".accounts"), home.resolve("accounts"));
            // -s: every SIP message in the log.
            ProcessBuilder builder = new ProcessBuilder(baresip.toString(), "-f", home.toString(), "-s")
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true).redirectOutput(home.resolve("baresip.log").toFile());
            builder.environment().put("LD_PRELOAD", shim.toString());
            builder.environment().put("SIPALG_BIND_IPV4", ip);
            Process process = builder.start();
            try {
                return new Phone(name, process, connect(process, new InetSocketAddress(ip, CONTROL_PORT)));
            } catch (Throwable e) {
                stop(process);
                throw e;
            }
        }

        private static Socket connect(Process process, InetSocketAddress address) throws Exception {
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (true) {
                try {
                    return new Socket(address.getAddress(), address.getPort());
                } catch (IOException notYet) {
                    if (!process.isAlive() || System.nanoTime() - deadline > 0) {
                        throw new IOException("baresip's ctrl_tcp " + address + " never answered", notYet);
                    }
                    Thread.sleep(50);
                }
            }
        }

        /** Sends {@code {"command":..., "params":...}} as a netstring. */
        void command(String command, String params) throws IOException {
            String json = String.format(Locale.ROOT, "{\"command\":\"%s\",\"params\":\"%s\",\"token\":\"%s\"}",
                    command, params, command);
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            OutputStream out = control.getOutputStream();
            out.write((body.length + ":").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.write(',');
            out.flush();
        }

        /** How many events have come so far: {@link #awaitEvent} looks only at those after it. */
        int mark() {
            synchronized (events) {
                return events.size();
            }
        }

        /** Waits for an event of {@code type} after {@code mark}, at most {@code timeout}; fails with the logs if none. */
        String awaitEvent(String type, int mark, Duration timeout) throws InterruptedException, IOException {
            long deadline = System.nanoTime() + timeout.toNanos();
            synchronized (events) {
                while (true) {
                    for (String event : events.subList(mark, events.size())) {
                        Matcher m = EVENT_TYPE.matcher(event);
                        if (m.find() && m.group(1).equals(type)) {
                            return event;
                        }
                    }
                    long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                    if (leftMs <= 0) {
                        break;
                    }
                    events.wait(leftMs);
                }
            }
            fail(name + ": no " + type + " within " + timeout + "; events " + eventTypesSince(mark) + details());
            return null;
        }

        private List<String> eventTypesSince(int mark) {
            List<String> types = new ArrayList<>();
            synchronized (events) {
                for (String event : events.subList(mark, events.size())) {
                    Matcher m = EVENT_TYPE.matcher(event);
                    types.add(m.find() ? m.group(1) : "response");
                }
            }
            return types;
        }

        /** Reader thread: netstrings {@code LENGTH:JSON,} until the socket closes. */
        private void readEvents() {
            try (InputStream in = control.getInputStream()) {
                DataInputStream data = new DataInputStream(in);
                while (true) {
                    int length = 0;
                    for (int c = data.read(); c != ':'; c = data.read()) {
                        if (c < '0' || c > '9') {
                            throw new EOFException("not a netstring length: " + c);
                        }
                        length = length * 10 + (c - '0');
                    }
                    byte[] body = new byte[length];
                    data.readFully(body);
                    data.read();   // the ',' closing the netstring
                    synchronized (events) {
                        events.add(new String(body, StandardCharsets.UTF_8));
                        events.notifyAll();
                    }
                }
            } catch (IOException closed) {
                // The phone stopped, or the test closed the socket.
            }
        }

        @Override
        public void close() throws IOException {
            try {
                control.close();
            } finally {
                stop(process);
            }
        }

        @Override
        public String toString() {
            return "baresip " + name;
        }
    }

    /** True when something has bound {@code ip:port} for UDP ({@code /proc/net/udp}). */
    private static boolean udpBound(String ip, int port) {
        String local = Sipp.procNetAddress(ip, port);
        try {
            for (String line : Files.readAllLines(Path.of("/proc/net/udp"))) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length > 1 && fields[1].equalsIgnoreCase(local)) {
                    return true;
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }
}
