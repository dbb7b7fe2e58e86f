package org.sipalg.transport.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * Runs SIPp 3.6 scenarios of {@code alg-transport/src/test/resources/sipp} as child processes, the way that
 * directory's README.md says: never {@code -bg}, always {@code -nostdin}, a finite {@code -timeout} with
 * {@code -timeout_error}, explicit error/stat files, the control socket on loopback ({@code -ci}), and stdout/stderr
 * drained to files so that a full pipe cannot block the child. Every file of a run goes to one directory, normally
 * {@code alg-transport/target/sipp/<test-name>/}.
 *
 * <p>Typical use: {@link #runCall} (Bob, then Alice, both waited for with one deadline), or {@link #bob}/{@link #alice}
 * with {@link #start()} and {@link Running#await} for other orders.
 */
final class Sipp {

    /** The repository root: system property {@code sipalg.home} (set by the pom), else the parent directory. */
    static final Path HOME = Path.of(System.getProperty("sipalg.home", "..")).toAbsolutePath().normalize();
    static final Path SCENARIOS = HOME.resolve("alg-transport/src/test/resources/sipp");
    static final Path OUTPUT = HOME.resolve("alg-transport/target/sipp");

    // The default topology (CONVENTIONS.md).
    static final String ALICE_IP = "127.0.1.10";
    static final int ALICE_PORT = 5061;
    static final int ALICE_MEDIA_PORT = 6000;
    static final String BOB_IP = "127.0.2.10";
    static final int BOB_PORT = 5062;
    static final int BOB_MEDIA_PORT = 7000;
    static final String ALG_INSIDE = "127.0.1.1:5060";
    static final String REGISTRAR_IP = "127.0.2.20";
    static final int REGISTRAR_PORT = 5060;
    static final int REGISTRAR_MEDIA_PORT = 7100;

    /** SIPp's own global timeout; the Java side waits with its own, separate deadline. */
    private static final Duration SIPP_TIMEOUT = Duration.ofSeconds(60);
    /** How long Bob may take to finish once Alice has exited. */
    private static final Duration BOB_GRACE = Duration.ofSeconds(20);
    private static final int MAX_TEXT = 16_000;

    private final String name;
    private final Path dir;
    private final List<String> args = new ArrayList<>();
    private final String bindIp;
    private final int bindPort;

    private Sipp(String name, Path dir, String scenario, String bindIp, int bindPort, int mediaPort) {
        this.name = name;
        this.dir = dir;
        this.bindIp = bindIp;
        this.bindPort = bindPort;
        args.add(executable());
        args.addAll(List.of(
                "-sf", SCENARIOS.resolve(scenario).toString(),
                "-i", bindIp, "-p", Integer.toString(bindPort),
                "-mp", Integer.toString(mediaPort), "-ci", bindIp,
                "-nostdin", "-timeout", SIPP_TIMEOUT.toSeconds() + "s", "-timeout_error",
                "-trace_err", "-error_file", errorFile().toString(),
                "-trace_stat", "-stf", statFile().toString()));
    }

    // ---- availability ----------------------------------------------------------------------------------------------

    /** The {@code sipp} executable on PATH, or {@code null}. */
    static Path find() {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String entry : path.split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(entry, "sipp");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /**
     * Skips the calling test (class, from {@code @BeforeAll}) when SIPp is missing, except under CI (environment
     * variable {@code CI} set), where a missing SIPp is a failure: CI must never pass by skipping.
     */
    static void assumeAvailable() {
        if (find() != null) {
            return;
        }
        if (System.getenv("CI") != null) {
            fail("sipp is not on PATH but CI is set: install it (./scripts/test installs the Debian package sip-tester)");
        }
        Assumptions.abort("sipp is not on PATH (./scripts/test installs the Debian package sip-tester)");
    }

    private static String executable() {
        Path sipp = find();
        return sipp != null ? sipp.toString() : "sipp";
    }

    // ---- builders --------------------------------------------------------------------------------------------------

    /** Bob, the UAS of {@code uas_bob.xml}, on 127.0.2.10:5062 (media 7000); exits after {@code calls} calls. */
    static Sipp bob(Path dir, int calls) {
        return uas(dir, "uas_bob.xml", calls);
    }

    /**
     * The registrar / Proxy 2 of RFC 3665 (CONVENTIONS.md: the outside realm's next hop, 127.0.2.20:5060), running
     * the UAS {@code scenario}; exits after {@code calls} calls.
     */
    static Sipp registrar(Path dir, String scenario, int calls) {
        Sipp sipp = new Sipp("registrar", dir, scenario, REGISTRAR_IP, REGISTRAR_PORT, REGISTRAR_MEDIA_PORT);
        sipp.args.addAll(List.of("-m", Integer.toString(calls)));
        return sipp;
    }

    /** The UAS {@code scenario} (a file of the scenario directory) in Bob's place; exits after {@code calls} calls. */
    static Sipp uas(Path dir, String scenario, int calls) {
        Sipp sipp = new Sipp("bob", dir, scenario, BOB_IP, BOB_PORT, BOB_MEDIA_PORT);
        sipp.args.addAll(List.of("-m", Integer.toString(calls)));
        return sipp;
    }

    /**
     * Alice, the UAC of {@code uac_alice.xml}, on 127.0.1.10:5061 (media 6000), sending to the ALG inside face:
     * {@code calls} calls at {@code ratePerSecond}, each held {@code holdMs} between ACK and BYE.
     */
    static Sipp alice(Path dir, int calls, int ratePerSecond, int holdMs) {
        return uac(dir, "uac_alice.xml", calls, ratePerSecond).with("-set", "hold_ms", Integer.toString(holdMs));
    }

    /**
     * The UAC {@code scenario} (a file of the scenario directory) in Alice's place, sending to the ALG inside face:
     * {@code calls} calls at {@code ratePerSecond}.
     */
    static Sipp uac(Path dir, String scenario, int calls, int ratePerSecond) {
        Sipp sipp = new Sipp("alice", dir, scenario, ALICE_IP, ALICE_PORT, ALICE_MEDIA_PORT);
        sipp.args.addAll(List.of(ALG_INSIDE, "-s", "bob",
                "-m", Integer.toString(calls), "-r", Integer.toString(ratePerSecond)));
        return sipp;
    }

    /** Adds raw SIPp options (e.g. {@code "-l", "10"}). */
    Sipp with(String... extra) {
        args.addAll(List.of(extra));
        return this;
    }

    /** Adds {@code -trace_msg}: every message sent and received goes to {@link #messageFile()}. */
    Sipp traceMessages() {
        return with("-trace_msg", "-message_file", messageFile().toString());
    }

    List<String> command() {
        return List.copyOf(args);
    }

    Path errorFile() {
        return dir.resolve(name + "_errors.log");
    }

    Path statFile() {
        return dir.resolve(name + "_stat.csv");
    }

    Path messageFile() {
        return dir.resolve(name + "_messages.log");
    }

    Path stdoutFile() {
        return dir.resolve(name + ".out");
    }

    Path stderrFile() {
        return dir.resolve(name + ".err");
    }

    // ---- running ---------------------------------------------------------------------------------------------------

    /**
     * A fresh, empty output directory {@code alg-transport/target/sipp/<testName>/}: files of an earlier run are
     * deleted, so the error log exists only if this run logged something.
     */
    static Path outputDir(String testName) throws IOException {
        Path dir = OUTPUT.resolve(testName.replaceAll("[^A-Za-z0-9._-]", "_"));
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                    if (!p.equals(dir)) {
                        Files.delete(p);
                    }
                }
            }
        }
        return Files.createDirectories(dir);
    }

    /** Starts SIPp with the output directory as working directory (stray files land there too). */
    Running start() throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name + ".cmd"), String.join(" ", args) + "\n");
        Process process = new ProcessBuilder(args)
                .directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(stdoutFile().toFile())
                .redirectError(stderrFile().toFile())
                .start();
        return new Running(process);
    }

    /** A started SIPp process. */
    final class Running implements AutoCloseable {
        private final Process process;

        private Running(Process process) {
            this.process = process;
        }

        /**
         * Waits until SIPp has bound its SIP socket (seen in {@code /proc/net/udp}), at most {@code timeout}; returns
         * false if it did not (it may have exited). Without {@code /proc} it just waits 500 ms.
         */
        boolean awaitBound(Duration timeout) throws InterruptedException {
            Path procUdp = Path.of("/proc/net/udp");
            if (!Files.isReadable(procUdp)) {
                Thread.sleep(500);
                return process.isAlive();
            }
            String local = procNetAddress(bindIp, bindPort);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline && process.isAlive()) {
                try {
                    for (String line : Files.readAllLines(procUdp)) {
                        String[] f = line.trim().split("\\s+");
                        if (f.length > 1 && f[1].equalsIgnoreCase(local)) {
                            return true;
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                Thread.sleep(20);
            }
            return false;
        }

        /** Waits until {@code deadline} (System.nanoTime); on timeout kills the process. */
        Result await(long deadlineNanos) throws InterruptedException, IOException {
            long left = deadlineNanos - System.nanoTime();
            boolean exited = left > 0 && process.waitFor(left, TimeUnit.NANOSECONDS);
            if (!exited) {
                kill();
            }
            return result(exited ? process.exitValue() : -1, !exited);
        }

        Result await(Duration timeout) throws InterruptedException, IOException {
            return await(System.nanoTime() + timeout.toNanos());
        }

        boolean isAlive() {
            return process.isAlive();
        }

        /** SIGTERM, then SIGKILL after 2 s. */
        void kill() throws InterruptedException {
            if (!process.isAlive()) {
                return;
            }
            process.destroy();
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(2, TimeUnit.SECONDS);
            }
        }

        /** Kills the process if it still runs (SIGTERM, then SIGKILL). */
        @Override
        public void close() {
            try {
                kill();
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private Result result(int exitCode, boolean timedOut) throws IOException {
        return new Result(name, exitCode, timedOut, readFinalStats(statFile()),
                readText(errorFile()), readText(stderrFile()), readText(stdoutFile()), dir);
    }

    /** {@code 127.0.2.10:5062} as /proc/net/udp writes it: {@code 0A02007F:13C6} (address in host byte order). */
    static String procNetAddress(String ip, int port) {
        String[] b = ip.split("\\.");
        StringBuilder s = new StringBuilder();
        for (int i = 3; i >= 0; i--) {
            s.append(String.format(Locale.ROOT, "%02X", Integer.parseInt(b[i])));
        }
        return s.append(String.format(Locale.ROOT, ":%04X", port)).toString();
    }

    /** The last row of a SIPp stat file ({@code ;}-separated, header first), by column name; empty if none. */
    static Map<String, String> readFinalStats(Path csv) throws IOException {
        Map<String, String> stats = new LinkedHashMap<>();
        if (!Files.exists(csv)) {
            return stats;
        }
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(csv, StandardCharsets.ISO_8859_1)) {
            if (!line.isBlank()) {
                lines.add(line);
            }
        }
        if (lines.size() < 2) {
            return stats;
        }
        String[] header = lines.get(0).split(";", -1);
        String[] last = lines.get(lines.size() - 1).split(";", -1);
        for (int i = 0; i < header.length && i < last.length; i++) {
            if (!header[i].isEmpty()) {
                stats.put(header[i], last[i].trim());
            }
        }
        return stats;
    }

    private static String readText(Path file) throws IOException {
        if (!Files.exists(file)) {
            return "";
        }
        String text = Files.readString(file, StandardCharsets.ISO_8859_1);
        if (text.length() <= MAX_TEXT) {
            return text;
        }
        // The first errors are the telling ones; the end shows how it finished.
        int head = MAX_TEXT * 3 / 4;
        int tail = MAX_TEXT - head;
        return text.substring(0, head) + "\n[... " + (text.length() - MAX_TEXT) + " chars cut ...]\n"
                + text.substring(text.length() - tail);
    }

    /** What one SIPp process left behind. {@code exitCode} is -1 when it was killed on timeout. */
    record Result(String name, int exitCode, boolean timedOut, Map<String, String> finalStats, String errorLog,
                  String stderr, String stdout, Path dir) {

        /** A cumulative counter of the final stat row, e.g. {@code SuccessfulCall(C)}; -1 when missing. */
        long stat(String column) {
            String value = finalStats.get(column);
            if (value == null || value.isEmpty()) {
                return -1;
            }
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                return -1;
            }
        }

        long successful() {
            return stat("SuccessfulCall(C)");
        }

        long failed() {
            return stat("FailedCall(C)");
        }

        /** Meaning of SIPp's exit codes (sipp README.md). */
        String exitMeaning() {
            if (timedOut) {
                return "killed: still running at the test's deadline";
            }
            switch (exitCode) {
                case 0: return "all calls succeeded";
                case 1: return "at least one call failed, or the scenario did not load";
                case 97: return "-timeout reached or internal exit";
                case 255: return "fatal error, or -timeout reached (-timeout_error)";
                case 254: return "could not bind a socket (port still in use by an earlier run?)";
                default: return "unexpected";
            }
        }

        /** Everything useful for an assertion message: exit, call counters, error log, stderr, stdout tail. */
        String describe() {
            StringBuilder s = new StringBuilder();
            s.append("\n==== SIPp ").append(name).append(": exit ").append(exitCode).append(" (").append(exitMeaning())
                    .append("), files in ").append(dir).append('\n');
            for (String column : List.of("SuccessfulCall(C)", "FailedCall(C)", "FailedRegexpDoesntMatch(C)",
                    "FailedRegexpShouldntMatch(C)", "FailedRegexpHdrNotFound(C)", "FailedTimeoutOnRecv(C)",
                    "FailedUnexpectedMessage(C)", "Retransmissions(C)", "OutOfCallMsgs(C)")) {
                if (finalStats.containsKey(column)) {
                    s.append("  ").append(column).append(" = ").append(finalStats.get(column)).append('\n');
                }
            }
            if (finalStats.isEmpty()) {
                s.append("  (no stat row)\n");
            }
            s.append("---- ").append(name).append(" error log ----\n")
                    .append(errorLog.isEmpty() ? "(none)" : errorLog).append('\n');
            if (!stderr.isBlank()) {
                s.append("---- ").append(name).append(" stderr ----\n").append(stderr).append('\n');
            }
            if (exitCode != 0) {
                String tail = stdout.length() > 3000 ? stdout.substring(stdout.length() - 3000) : stdout;
                s.append("---- ").append(name).append(" stdout (tail) ----\n").append(tail).append('\n');
            }
            return s.toString();
        }
    }

    /** Bob's and Alice's results of one {@link #runCall}. */
    record CallRun(Result bob, Result alice) {
        boolean clean(long calls) {
            return bob.exitCode() == 0 && alice.exitCode() == 0
                    && alice.successful() == calls && alice.failed() == 0;
        }

        String describe() {
            return alice.describe() + bob.describe();
        }
    }

    /**
     * Bob, then (once Bob's socket is bound) Alice with {@code calls} calls at {@code ratePerSecond}, hold
     * {@code holdMs}; waits for both with one deadline {@code timeout} from now and kills whatever is still running
     * then. Bob gets at most {@link #BOB_GRACE} after Alice has exited.
     */
    static CallRun runCall(Path dir, int calls, int ratePerSecond, int holdMs, Duration timeout)
            throws IOException, InterruptedException {
        return runCall(bob(dir, calls), alice(dir, calls, ratePerSecond, holdMs), timeout);
    }

    /** {@link #runCall(Path, int, int, int, Duration)} with any UAS and UAC, e.g. from {@link #uas} and {@link #uac}. */
    static CallRun runCall(Sipp bobSipp, Sipp aliceSipp, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Running bob = bobSipp.start()) {
            bob.awaitBound(Duration.ofSeconds(5));
            Result alice;
            try (Running alicePs = aliceSipp.start()) {
                alice = alicePs.await(deadline);
            }
            long bobDeadline = Math.min(deadline, System.nanoTime() + BOB_GRACE.toNanos());
            return new CallRun(bob.await(bobDeadline), alice);
        }
    }
}
