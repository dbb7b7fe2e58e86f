package org.sipalg.transport.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AlgConfigTest {

    /** The smallest valid file; {@code outside} comes last so that {@link #outside} can add keys to it. */
    static final String BASE = """
            realms:
              inside:
                address: 10.0.1.1
                port: 5060
                media:
                  ports: 20000-20099
              outside:
                address: 10.0.2.1
                port: 5060
                media:
                  ports: 30000-30099
            """;

    @TempDir
    Path dir;

    // ---- the shipped file and defaults ----

    @Test
    void shouldLoadShippedConfigWithExactValues() throws Exception {
        Path file = Path.of(System.getProperty("sipalg.home", "..")).resolve("config/alg.yaml");

        AlgConfig config = ConfigLoader.load(file);

        assertEquals(file, config.file());
        assertEquals(List.of("alg1.atlanta.example.com"), config.aliases());
        assertEquals(List.of(
                new RealmConfig("inside", "127.0.1.1", 5060, null, List.of(Cidr.parse("127.0.1.0/24")),
                        "127.0.1.1", null, 20000, 29999, null),
                new RealmConfig("outside", "127.0.2.1", 5060, null, List.of(Cidr.parse("127.0.2.0/24")),
                        "127.0.2.1", null, 30000, 39999, new HostPort("127.0.2.20", 5060))),
                config.realms());
        assertEquals(new PipelineConfig(4096, 1, "blocking", 1), config.pipeline());
        assertEquals(new CallsConfig(32768, Duration.ofSeconds(185), Duration.ofHours(4), Duration.ofSeconds(16), Duration.ofSeconds(60)),
                config.calls());
        assertEquals(new JmxConfig(true, "127.0.0.1", 9010, null, false), config.jmx());
        assertEquals(new RegistrationsConfig(16384, "crlf", Duration.ofSeconds(30)), config.registrations());
        assertEquals("info", config.logLevel());
    }

    @Test
    void shouldApplyDefaultsWhenOptionalKeysAreAbsent() throws Exception {
        AlgConfig config = load(BASE);

        RealmConfig inside = config.realm("inside").orElseThrow();
        assertEquals(List.of(new Cidr(0x0A000100, 24)), inside.networks());
        assertEquals("10.0.1.1", inside.mediaAddress());
        assertNull(inside.advertised());
        assertNull(inside.mediaAdvertised());
        assertNull(inside.nextHop());
        assertEquals(List.of(), config.aliases());
        assertEquals(PipelineConfig.DEFAULT, config.pipeline());
        assertEquals(CallsConfig.DEFAULT, config.calls());
        assertEquals(JmxConfig.DEFAULT, config.jmx());
        assertEquals(RegistrationsConfig.DEFAULT, config.registrations());
        assertEquals("info", config.logLevel());
    }

    @Test
    void shouldReadANextHopProbeAndRejectOneWithoutANextHopOrTooShort() throws Exception {
        AlgConfig config = load(outside("next-hop: 10.0.2.20\n    next-hop-probe: 10s"));

        assertEquals(Duration.ofSeconds(10), config.realm("outside").orElseThrow().nextHopProbe());
        assertNull(load(outside("next-hop: 10.0.2.20\n    next-hop-probe: off")).realm("outside").orElseThrow().nextHopProbe());
        assertRejected(outside("next-hop-probe: 10s"), "realms.outside.next-hop-probe: needs next-hop");
        assertRejected(outside("next-hop: 10.0.2.20\n    next-hop-probe: 500ms"), "realms.outside.next-hop-probe: at least 1s");
    }

    @Test
    void shouldReadRegistrationsAndRejectAnUnknownKeepalive() throws Exception {
        AlgConfig config = load(BASE + "registrations:\n  max-bindings-per-shard: 100\n  keepalive: options\n  keepalive-interval: 20s\n");

        assertEquals(new RegistrationsConfig(100, "options", Duration.ofSeconds(20)), config.registrations());
        assertRejected(section("registrations", "keepalive: stun"), "registrations.keepalive: not one of crlf, options, off");
    }

    @Test
    void shouldKeepRealmsInFileOrder() throws Exception {
        AlgConfig config = load(BASE.replace("inside", "zulu").replace("outside", "alpha")
                + "  mike:\n    address: 10.0.3.1\n    port: 5060\n    media:\n      ports: 40000-40099\n");

        assertEquals(List.of("zulu", "alpha", "mike"), config.realms().stream().map(RealmConfig::name).toList());
    }

    @Test
    void shouldReadAllOptionalRealmKeys() throws Exception {
        AlgConfig config = load(BASE + """
                    advertised: sbc.example.com
                    networks: [10.0.2.0/24, 192.168.0.0/16]
                    next-hop: 10.0.2.20
                """);

        RealmConfig outside = config.realm("outside").orElseThrow();
        assertEquals("sbc.example.com", outside.advertised());
        assertEquals(List.of(Cidr.parse("10.0.2.0/24"), Cidr.parse("192.168.0.0/16")), outside.networks());
        assertEquals(new HostPort("10.0.2.20", 5060), outside.nextHop());

        RealmConfig inside = load(BASE.replace("      ports: 20000-20099\n",
                "      address: 10.0.9.9\n      advertised: 203.0.113.7\n      ports: 20000-20099\n"))
                .realm("inside").orElseThrow();
        assertEquals("10.0.9.9", inside.mediaAddress());
        assertEquals("203.0.113.7", inside.mediaAdvertised());
    }

    // ---- structure ----

    @Test
    void shouldRejectUnknownRealmKeyWithFileKeyAndReason() {
        assertRejected(BASE.replace("address: 10.0.1.1", "adress: 10.0.1.1"), "realms.inside.adress: unknown key");
    }

    @Test
    void shouldRejectUnknownTopLevelAndSectionKeys() {
        assertRejected(BASE + "pipline:\n  shards: 2\n", "pipline: unknown key");
        assertRejected(section("calls", "lingering: 5s"), "calls.lingering: unknown key");
        assertRejected(outsideMedia("port: 30000"), "realms.outside.media.port: unknown key");
    }

    @Test
    void shouldRejectMissingRequiredKeys() {
        assertRejected("log:\n  level: info\n", "realms: missing");
        assertRejected(BASE.replace("    port: 5060\n    media:\n      ports: 30000", "    media:\n      ports: 30000"),
                "realms.outside.port: missing");
        assertRejected(BASE.replace("ports: 20000-20099", "address: 10.0.1.1"), "realms.inside.media.ports: missing");
    }

    @Test
    void shouldRejectFewerThanTwoRealms() {
        assertRejected("realms:\n  inside:\n    address: 10.0.1.1\n    port: 5060\n    media:\n      ports: 20000-20099\n",
                "realms: at least two realms are needed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Outside", "1st", "out side", "out.side", "_out"})
    void shouldRejectBadRealmName(String name) {
        assertRejected(BASE.replace("outside:", "'" + name + "':"),
                "realms." + name + ": not a realm name ([a-z][a-z0-9_-]*)");
    }

    @Test
    void shouldRejectScalarWhereMapIsExpected() {
        assertRejected(BASE.replace("  inside:\n", "  inside: 5\n  ignored:\n"), "realms.inside: expected a map");
        assertRejected(BASE + "jmx: [enabled]\n", "jmx: expected a map");
        assertRejected("just text\n", "(top level): expected a map");
    }

    @Test
    void shouldRejectScalarWhereListIsExpected() {
        assertRejected(outside("networks: 10.0.2.0/24"), "realms.outside.networks: expected a list");
        assertRejected(BASE + "alg:\n  aliases: alg1.example.com\n", "alg.aliases: expected a list");
    }

    @Test
    void shouldRejectTextWhereNumberIsExpected() {
        assertRejected(BASE.replace("port: 5060\n    media:\n      ports: 30000", "port: sip\n    media:\n      ports: 30000"),
                "realms.outside.port: expected a number");
        assertRejected(section("pipeline", "shards: 1.5"), "pipeline.shards: expected a whole number");
    }

    // ---- realm values ----

    @ParameterizedTest
    @ValueSource(strings = {"10.0.2", "10.0.2.256", "10.0.2.1.1", "10.0.2.x", "010.0.2.1", "10.0.2.-1", "''", "outside.example.com"})
    void shouldRejectBadAddressWithFileKeyAndReason(String address) {
        assertRejected(BASE.replace("address: 10.0.2.1", "address: " + address), "realms.outside.address: not an IP address");
    }

    @Test
    void shouldRejectBadMediaAddress() {
        assertRejected(outsideMedia("address: 10.0.2"), "realms.outside.media.address: not an IP address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "65536", "-1", "99999999999"})
    void shouldRejectBadPort(String port) {
        assertRejected(BASE.replace("port: 5060\n    media:\n      ports: 20000", "port: " + port + "\n    media:\n      ports: 20000"),
                "realms.inside.port: not a port (1-65535)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"''", "-sbc.example.com", "sbc..example.com", "sbc_1.example.com", "10.0.2.300", "[a, b]"})
    void shouldRejectBadAdvertised(String advertised) {
        assertRejected(outside("advertised: " + advertised), "realms.outside.advertised: not a host name or IP address");
        assertRejected(outsideMedia("advertised: " + advertised),
                "realms.outside.media.advertised: not a host name or IP address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.2.0", "10.0.2.0/33", "10.0.2.0/", "10.0.2/24", "10.0.2.0/-1", "10.0.2.0/24/8"})
    void shouldRejectBadNetworkWithListIndex(String network) {
        assertRejected(outside("networks: [10.0.2.0/24, '" + network + "']"),
                "realms.outside.networks[1]: not a CIDR network (a.b.c.d/n)");
    }

    @Test
    void shouldRejectEmptyNetworkList() {
        assertRejected(outside("networks: []"), "realms.outside.networks: at least one network is needed");
    }

    @Test
    void shouldMaskNetworkWithHostBitsSet() throws Exception {
        AlgConfig config = load(outside("networks: [10.0.2.77/24, 172.16.5.4/12]"));

        assertEquals(List.of(new Cidr(0x0A000200, 24), new Cidr(0xAC100000, 12)),
                config.realm("outside").orElseThrow().networks());
    }

    @ParameterizedTest
    @ValueSource(strings = {"30001-30099", "30000-30000", "30000-29998", "1000-2000", "60000-65536", "30000", "30000-", "low-high", "5"})
    void shouldRejectBadMediaPortRange(String ports) {
        assertRejected(BASE.replace("ports: 30000-30099", "ports: " + ports),
                "realms.outside.media.ports: not a port range LOW-HIGH (even LOW, 1024-65535)");
    }

    @Test
    void shouldAcceptSmallestMediaPortRange() throws Exception {
        RealmConfig outside = load(BASE.replace("ports: 30000-30099", "ports: 30000-30001")).realm("outside").orElseThrow();

        assertEquals(30000, outside.mediaPortMin());
        assertEquals(30001, outside.mediaPortMax());
    }

    @Test
    void shouldRejectOverlappingMediaPortsOnSameAddress() {
        assertRejected(outsideMedia("address: 10.0.1.1").replace("ports: 30000-30099", "ports: 20098-20199"),
                "realms.outside.media.ports: overlaps realms.inside.media.ports on the same address");
    }

    @Test
    void shouldAllowSameMediaPortsOnDifferentAddresses() throws Exception {
        AlgConfig config = load(BASE.replace("ports: 30000-30099", "ports: 20000-20099"));

        assertEquals(20000, config.realm("outside").orElseThrow().mediaPortMin());
    }

    @Test
    void shouldRejectMediaPortsCoveringSipPortOnSameAddress() {
        assertRejected(BASE.replace("ports: 20000-20099", "ports: 5000-5999"),
                "realms.inside.media.ports: includes the SIP port of realm inside");
        assertRejected(BASE.replace("address: 10.0.2.1", "address: 10.0.1.1").replace("port: 5060\n    media:\n      ports: 30000",
                        "port: 20010\n    media:\n      address: 10.0.2.1\n      ports: 30000"),
                "realms.outside.port: inside realms.inside.media.ports on the same address");
    }

    @Test
    void shouldRejectTwoRealmsOnSameAddressAndPort() {
        assertRejected(BASE.replace("address: 10.0.2.1", "address: 10.0.1.1"),
                "realms.outside.port: same address and port as realm inside");
    }

    @Test
    void shouldAllowTwoRealmsOnSameAddressWithDifferentPorts() throws Exception {
        AlgConfig config = load(BASE.replace("address: 10.0.2.1", "address: 10.0.1.1")
                .replace("port: 5060\n    media:\n      ports: 30000", "port: 5070\n    media:\n      ports: 30000"));

        assertEquals(5070, config.realm("outside").orElseThrow().port());
    }

    @ParameterizedTest
    @CsvSource({"10.0.2.20:5070, 10.0.2.20, 5070", "10.0.2.20, 10.0.2.20, 5060"})
    void shouldReadNextHopWithDefaultPort5060(String nextHop, String host, int port) throws Exception {
        AlgConfig config = load(outside("next-hop: " + nextHop));

        assertEquals(new HostPort(host, port), config.realm("outside").orElseThrow().nextHop());
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.2.20:0", "10.0.2.20:70000", "'10.0.2.20:'", "proxy.example.com:5060", "10.0.2:5060", "5060"})
    void shouldRejectBadNextHop(String nextHop) {
        assertRejected(outside("next-hop: " + nextHop),
                "realms.outside.next-hop: not an IP address with optional port (a.b.c.d:port)");
    }

    // ---- pipeline, calls, jmx, log, alg ----

    @Test
    void shouldReadPipelineValues() throws Exception {
        AlgConfig config = load(BASE + "pipeline:\n  ring-size: 64\n  shards: 64\n  wait-strategy: busy-spin\n  io-threads: 4\n");

        assertEquals(new PipelineConfig(64, 64, "busy-spin", 4), config.pipeline());
    }

    @ParameterizedTest
    @ValueSource(strings = {"100", "32", "2097152", "0", "-64"})
    void shouldRejectBadRingSize(String ringSize) {
        assertRejected(section("pipeline", "ring-size: " + ringSize), "pipeline.ring-size: not a power of two (64-1048576)");
    }

    @Test
    void shouldRejectShardsAndIoThreadsOutOfRange() {
        assertRejected(section("pipeline", "shards: 0"), "pipeline.shards: out of range (1-64)");
        assertRejected(section("pipeline", "shards: 65"), "pipeline.shards: out of range (1-64)");
        assertRejected(section("pipeline", "io-threads: 0"), "pipeline.io-threads: out of range (1-64)");
    }

    @Test
    void shouldRejectUnknownWaitStrategy() {
        assertRejected(section("pipeline", "wait-strategy: spinning"),
                "pipeline.wait-strategy: not one of blocking, sleeping, yielding, busy-spin");
    }

    @ParameterizedTest
    @CsvSource({"500ms, PT0.5S", "185s, PT3M5S", "10m, PT10M", "4h, PT4H", "30, PT30S", "'45', PT45S"})
    void shouldParseDurations(String text, Duration expected) throws Exception {
        assertEquals(expected, load(section("calls", "linger: " + text)).calls().linger());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0s", "-5", "1.5", "5d", "5 s", "s", "forever", "true", "9999999999h"})
    void shouldRejectBadDuration(String text) {
        assertRejected(section("calls", "invite-timeout: " + text), "calls.invite-timeout: not a duration (e.g. 30s, 500ms, 4h)");
    }

    @Test
    void shouldRejectMaxCallsPerShardOutOfRange() {
        assertRejected(section("calls", "max-calls-per-shard: 15"), "calls.max-calls-per-shard: out of range (16-4194304)");
        assertRejected(section("calls", "max-calls-per-shard: 4194305"), "calls.max-calls-per-shard: out of range (16-4194304)");
    }

    @Test
    void shouldReadJmxValues() throws Exception {
        AlgConfig config = load(BASE + """
                jmx:
                  enabled: false
                  address: 10.0.0.5
                  port: 9999
                  password-file: /etc/sip-alg/jmx.password
                  ssl: true
                """);

        assertEquals(new JmxConfig(false, "10.0.0.5", 9999, "/etc/sip-alg/jmx.password", true), config.jmx());
    }

    @Test
    void shouldRejectBadJmxValues() {
        assertRejected(section("jmx", "ssl: maybe"), "jmx.ssl: expected true or false");
        assertRejected(section("jmx", "enabled: 1"), "jmx.enabled: expected true or false");
        assertRejected(section("jmx", "address: localhost"), "jmx.address: not an IP address");
        assertRejected(section("jmx", "port: 0"), "jmx.port: not a port (1-65535)");
        assertRejected(section("jmx", "password-file: ''"), "jmx.password-file: must not be empty");
    }

    @Test
    void shouldRejectUnknownLogLevel() {
        assertRejected(section("log", "level: trace"), "log.level: not one of info, debug, warn");
    }

    @Test
    void shouldRejectEmptyOrNonTextAlias() {
        assertRejected(section("alg", "aliases: [alg1.example.com, '']"), "alg.aliases[1]: must not be empty");
        assertRejected(section("alg", "aliases: [alg1.example.com, {a: b}]"), "alg.aliases[1]: expected a string");
    }

    // ---- file-level errors ----

    @Test
    void shouldReportYamlSyntaxErrorWithLine() {
        assertRejected(BASE.replace("    port: 5060\n    media:\n      ports: 30000", "    port: 5060\n   media: [\n      ports: 30000"),
                "line 10: expected <block end>, but found '<block mapping start>'");
    }

    @Test
    void shouldReportDuplicateKeyAsSyntaxError() {
        assertRejected(BASE.replace("    port: 5060\n    media:\n      ports: 30000", "    port: 5060\n    port: 5061\n    media:\n      ports: 30000"),
                "line 10: found duplicate key port");
    }

    @Test
    void shouldReportMissingFile() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(dir.resolve("alg.yaml")));

        assertEquals("alg.yaml: cannot read file (no such file)", e.getMessage());
    }

    // ---- Cidr ----

    @Test
    void shouldConvertDottedIpv4ToBigEndianInt() {
        assertEquals(0x7F000101, Cidr.ipv4ToInt("127.0.1.1"));
        assertEquals(0xFFFFFFFF, Cidr.ipv4ToInt("255.255.255.255"));
        assertEquals(0, Cidr.ipv4ToInt("0.0.0.0"));
        assertEquals("192.168.1.2", Cidr.intToIpv4(Cidr.ipv4ToInt("192.168.1.2")));
        assertThrows(IllegalArgumentException.class, () -> Cidr.ipv4ToInt("1.2.3.4 "));
    }

    @Test
    void shouldTestCidrMembership() {
        Cidr net = Cidr.parse("127.0.1.99/24");

        assertEquals("127.0.1.0/24", net.toString());
        assertTrue(net.contains(Cidr.ipv4ToInt("127.0.1.255")));
        assertFalse(net.contains(Cidr.ipv4ToInt("127.0.2.1")));
        assertTrue(Cidr.parse("0.0.0.0/0").contains(Cidr.ipv4ToInt("8.8.8.8")));
        assertTrue(Cidr.parse("10.1.2.3/32").contains(Cidr.ipv4ToInt("10.1.2.3")));
        assertFalse(Cidr.parse("10.1.2.3/32").contains(Cidr.ipv4ToInt("10.1.2.4")));
    }

    // ---- helpers ----

    private AlgConfig load(String yaml) throws IOException, ConfigException {
        Path file = Files.writeString(dir.resolve("alg.yaml"), yaml);
        return ConfigLoader.load(file);
    }

    /** Asserts that {@code yaml} is rejected with {@code alg.yaml: <expected>}. */
    private void assertRejected(String yaml, String expected) {
        ConfigException e = assertThrows(ConfigException.class, () -> load(yaml));
        assertEquals("alg.yaml: " + expected, e.getMessage());
    }

    /** {@link #BASE} plus one key of the {@code outside} realm. */
    private static String outside(String line) {
        return BASE + "    " + line + "\n";
    }

    /** {@link #BASE} plus one key of the {@code outside} realm's {@code media}. */
    private static String outsideMedia(String line) {
        return BASE + "      " + line + "\n";
    }

    /** {@link #BASE} plus a top-level section with one key. */
    private static String section(String name, String line) {
        return BASE + name + ":\n  " + line + "\n";
    }
}
