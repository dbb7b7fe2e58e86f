package org.sipalg.transport.mgmt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sipalg.transport.config.AlgConfig;
import org.sipalg.transport.config.ConfigException;
import org.sipalg.transport.config.ConfigLoader;

/** Which edits of alg.yaml a live reload takes, named by the keys an operator writes. */
class ConfigChangesTest {
    private static final Path SHIPPED = Path.of(System.getProperty("sipalg.home", "..")).resolve("config/alg.yaml");

    @TempDir
    Path dir;

    private List<ConfigChanges.Change> changesAfter(String from, String to) throws IOException, ConfigException {
        String text = Files.readString(SHIPPED);
        assertTrue(text.contains(from), "the shipped config has " + from);
        AlgConfig running = ConfigLoader.load(SHIPPED);
        Path edited = dir.resolve("alg.yaml");
        // The first occurrence: "address: 127.0.2.1 " is the realm's signalling address, then its media one.
        Files.writeString(edited, text.replaceFirst(Pattern.quote(from), Matcher.quoteReplacement(to)));
        return ConfigChanges.between(running, ConfigLoader.load(edited));
    }

    @Test
    void shouldFindNoChangeWhenTheFileIsTheSame() throws Exception {
        assertEquals(List.of(), changesAfter("level: info", "level: info"));
    }

    @Test
    void shouldTakeANewNextHopLiveWhenOnlyThatChanged() throws Exception {
        List<ConfigChanges.Change> changes = changesAfter("next-hop: 127.0.2.20:5060", "next-hop: 127.0.2.30:5070");

        assertEquals(1, changes.size(), changes.toString());
        assertEquals("realms.outside.next-hop 127.0.2.20:5060 -> 127.0.2.30:5070", changes.get(0).toString());
        assertTrue(changes.get(0).live());
    }

    @Test
    void shouldTakeTimersLogLevelAndNetworksLiveWhenTheyChange() throws Exception {
        assertTrue(changesAfter("linger: 16s", "linger: 500ms").get(0).live());
        assertEquals("calls.linger 16s -> 500ms", changesAfter("linger: 16s", "linger: 500ms").get(0).toString());
        assertTrue(changesAfter("level: info", "level: debug").get(0).live());
        assertEquals("log.level", changesAfter("level: info", "level: debug").get(0).key());
        assertTrue(changesAfter("networks: [127.0.1.0/24]", "networks: [127.0.1.0/24, 127.0.3.0/24]").get(0).live());
    }

    @Test
    void shouldNeedARestartWhenAddressesPortsMediaRangesOrThePipelineChange() throws Exception {
        assertRestart(changesAfter("ports: 20000-29999", "ports: 20000-20999"), "realms.inside.media.ports");
        assertRestart(changesAfter("address: 127.0.2.1 ", "address: 127.0.2.2 "), "realms.outside.address");
        assertRestart(changesAfter("shards: 1 ", "shards: 2 "), "pipeline.shards");
        assertRestart(changesAfter("ring-size: 4096", "ring-size: 8192"), "pipeline.ring-size");
        assertRestart(changesAfter("port: 9010", "port: 9011"), "jmx.port");
        assertRestart(changesAfter("max-calls-per-shard: 32768", "max-calls-per-shard: 1024"), "calls.max-calls-per-shard");
    }

    private static void assertRestart(List<ConfigChanges.Change> changes, String key) {
        assertEquals(1, changes.size(), changes.toString());
        assertEquals(key, changes.get(0).key());
        assertFalse(changes.get(0).live(), key + " needs a restart");
    }
}
