package org.sipalg.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The smoke version of the load run: {@code ./scripts/load --smoke} starts sip-alg from the shaded jar
 * that alg-transport's package phase built, sends 3 s of calls at 20 calls/s through it with SIPp and
 * exits non-zero unless every call succeeded. Its files go to {@code alg-bench/target/load-smoke/}.
 */
class LoadSmokeIT {
    private static final long TIMEOUT_SECONDS = 120;

    @Test
    void shouldCarryEveryCallWhenSipAlgRunsTheSmokeLoad() throws IOException, InterruptedException {
        assumeSippAvailable();
        Path home = Path.of(System.getProperty("sipalg.home", "..")).toAbsolutePath().normalize();
        Path jar = home.resolve("alg-transport/target/sip-alg.jar");
        // The reactor builds alg-transport before alg-bench (module order); a partial build may not have.
        assumeOrRequire(Files.isRegularFile(jar), jar + " is missing: build alg-transport first (mvn verify builds it)");
        Path out = home.resolve("alg-bench/target/load-smoke");
        Path log = home.resolve("alg-bench/target/load-smoke.log");
        Files.createDirectories(out);

        ProcessBuilder builder = new ProcessBuilder("bash", home.resolve("scripts/load").toString(),
                "--smoke", "--out", out.toString())
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("SIPALG_JAR", jar.toString());
        Process load = builder.start();
        if (!load.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            load.destroy();   // the script's trap stops sip-alg and SIPp
            if (!load.waitFor(15, TimeUnit.SECONDS)) {
                load.destroyForcibly();
            }
            fail("./scripts/load --smoke did not end in " + TIMEOUT_SECONDS + " s:\n" + read(log));
        }
        String output = read(log);
        assertEquals(0, load.exitValue(), "./scripts/load --smoke failed:\n" + output);
        assertTrue(output.matches("(?s).*smoke: [1-9][0-9]* calls, 0 failed.*"), output);
    }

    private static void assumeSippAvailable() {
        boolean found = false;
        for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            found |= Files.isExecutable(Path.of(directory, "sipp"));
        }
        assumeOrRequire(found, "sipp is not on PATH (./scripts/test installs the Debian package sip-tester)");
    }

    /** Skips the test locally when a prerequisite is missing; under CI that is a failure. */
    private static void assumeOrRequire(boolean present, String missing) {
        if (present) {
            return;
        }
        if (System.getenv("CI") != null) {
            fail(missing + " (CI is set)");
        }
        Assumptions.abort(missing);
    }

    private static String read(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no output)";
    }
}
