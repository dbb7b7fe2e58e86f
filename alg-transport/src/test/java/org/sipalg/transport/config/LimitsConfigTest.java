package org.sipalg.transport.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sipalg.core.proxy.ProcessorSettings;
import org.sipalg.core.sip.SipMessage;
import org.sipalg.transport.AlgServer;

/** The {@code limits:} section: values, defaults, and errors in the file:key:reason form. */
class LimitsConfigTest {
    /** The smallest valid file, shared with {@link AlgConfigTest}. */
    private static final String BASE = AlgConfigTest.BASE;

    @TempDir
    Path dir;

    private AlgConfig load(String yaml) throws IOException, ConfigException {
        return ConfigLoader.load(Files.writeString(dir.resolve("alg.yaml"), yaml));
    }

    @Test
    void shouldUseTheParserDefaultsWhenTheSectionIsAbsent() throws Exception {
        LimitsConfig limits = load(BASE).limits();
        assertEquals(LimitsConfig.DEFAULT, limits);
        assertEquals(SipMessage.DEFAULT_MAX_MESSAGE_SIZE, limits.maxMessageSize());
        assertEquals(SipMessage.DEFAULT_MAX_HEADERS, limits.maxHeaders());
        assertEquals(SipMessage.DEFAULT_MAX_START_LINE, limits.maxStartLine());
    }

    @Test
    void shouldReadEveryLimitAndHandThemToTheProcessor() throws Exception {
        AlgConfig config = load(BASE + "limits:\n  max-message-size: 4000\n  max-headers: 40\n  max-start-line: 300\n");
        assertEquals(new LimitsConfig(4000, 40, 300), config.limits());
        ProcessorSettings settings = AlgServer.processorSettings(config, null, 0);
        assertEquals(4000, settings.maxMessageSize());
        assertEquals(40, settings.maxHeaders());
        assertEquals(300, settings.maxStartLine());
    }

    @Test
    void shouldLoadTheShippedLimits() throws Exception {
        Path file = Path.of(System.getProperty("sipalg.home", "..")).resolve("config/alg.yaml");
        assertEquals(LimitsConfig.DEFAULT, ConfigLoader.load(file).limits());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "max-message-size: 100   | limits.max-message-size: out of range (512-65507)",
        "max-message-size: 70000 | limits.max-message-size: out of range (512-65507)",
        "max-headers: 8          | limits.max-headers: out of range (16-1024)",
        "max-start-line: 10      | limits.max-start-line: out of range (64-65507)",
        "max-lines: 10           | limits.max-lines: unknown key",
    })
    void shouldRejectABadLimitWithFileKeyAndReason(String line, String expected) {
        ConfigException e = assertThrows(ConfigException.class, () -> load(BASE + "limits:\n  " + line + "\n"));
        assertEquals("alg.yaml: " + expected, e.getMessage());
    }
}
