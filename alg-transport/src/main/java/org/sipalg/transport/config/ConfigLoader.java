package org.sipalg.transport.config;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads the ALG's YAML configuration file (see {@code config/alg.yaml}) and checks every value.
 *
 * <p>SnakeYAML parses the file into plain maps, lists and scalars; this class walks that tree, converts each value
 * and rejects anything it does not expect, including unknown keys, so that a typo is reported instead of ignored.
 * Every error names the file, the key path and the reason, e.g.
 * {@code alg.yaml: realms.outside.address: not an IP address}.
 */
public final class ConfigLoader {

    private static final Pattern REALM_NAME = Pattern.compile("[a-z][a-z0-9_-]*");
    private static final Pattern HOST_NAME =
            Pattern.compile("(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    private static final Pattern DIGITS_AND_DOTS = Pattern.compile("[0-9.]+");
    private static final Pattern PORT_RANGE = Pattern.compile("(\\d{1,5})-(\\d{1,5})");
    private static final Pattern HOST_PORT = Pattern.compile("([0-9.]+)(?::(\\d{1,5}))?");
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)?");
    private static final int DEFAULT_SIP_PORT = 5060;

    private final Path file;

    private ConfigLoader(Path file) {
        this.file = file;
    }

    /**
     * Loads and validates a configuration file.
     *
     * @throws ConfigException if the file cannot be read, is not valid YAML, or holds a missing, unknown or bad
     *                         value; the message says which and where
     */
    public static AlgConfig load(Path file) throws ConfigException {
        ConfigLoader loader = new ConfigLoader(file);
        return loader.read(loader.parse());
    }

    private Object parse() throws ConfigException {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw ConfigException.unreadable(file, e);
        }
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        try {
            return new Yaml(new SafeConstructor(options)).load(text);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            throw ConfigException.atLine(file, mark != null ? mark.getLine() + 1 : 1, problem, e);
        } catch (YAMLException e) {
            throw ConfigException.atLine(file, 1, e.getMessage(), e);
        }
    }

    private AlgConfig read(Object document) throws ConfigException {
        Section root = document == null ? new Section("", Map.of()) : toSection("", "(top level)", document);
        root.allowOnly("alg", "realms", "pipeline", "calls", "registrations", "limits", "jmx", "log");

        Section alg = root.optionalMap("alg");
        alg.allowOnly("aliases");
        List<String> aliases = alg.optionalList("aliases", List.of(), ConfigLoader::nonEmptyString);

        List<RealmConfig> realms = readRealms(root.requireMap("realms"));
        PipelineConfig pipeline = readPipeline(root.optionalMap("pipeline"));
        CallsConfig calls = readCalls(root.optionalMap("calls"));
        LimitsConfig limits = readLimits(root.optionalMap("limits"));
        RegistrationsConfig registrations = readRegistrations(root.optionalMap("registrations"));
        JmxConfig jmx = readJmx(root.optionalMap("jmx"));

        Section log = root.optionalMap("log");
        log.allowOnly("level");
        String logLevel = log.optional("level", "info", oneOf("info", "debug", "warn"));

        return new AlgConfig(file, aliases, realms, pipeline, calls, jmx, logLevel, limits, registrations);
    }

    private List<RealmConfig> readRealms(Section realms) throws ConfigException {
        if (realms.keys().size() < 2) {
            throw fail(realms.path, "at least two realms are needed");
        }
        List<RealmConfig> result = new ArrayList<>();
        for (String name : realms.keys()) {
            if (!REALM_NAME.matcher(name).matches()) {
                throw fail(realms.pathOf(name), "not a realm name ([a-z][a-z0-9_-]*)");
            }
            RealmConfig realm = readRealm(name, realms.requireMap(name));
            result.add(realm);
            checkClashes(realm, result);
        }
        return result;
    }

    private RealmConfig readRealm(String name, Section realm) throws ConfigException {
        realm.allowOnly("address", "port", "advertised", "networks", "media", "next-hop", "next-hop-probe");
        String address = realm.require("address", ConfigLoader::ipv4);
        int port = realm.require("port", ConfigLoader::port);
        String advertised = realm.optional("advertised", null, ConfigLoader::hostOrIpv4);
        List<Cidr> defaultNetworks = List.of(new Cidr(Cidr.ipv4ToInt(address), 24));
        List<Cidr> networks = realm.optionalList("networks", defaultNetworks, ConfigLoader::cidr);
        if (networks.isEmpty()) {
            throw fail(realm.pathOf("networks"), "at least one network is needed");
        }

        Section media = realm.requireMap("media");
        media.allowOnly("address", "advertised", "ports");
        String mediaAddress = media.optional("address", address, ConfigLoader::ipv4);
        String mediaAdvertised = media.optional("advertised", null, ConfigLoader::hostOrIpv4);
        PortRange mediaPorts = media.require("ports", ConfigLoader::portRange);

        HostPort nextHop = realm.optional("next-hop", null, ConfigLoader::hostPort);
        Duration nextHopProbe = realm.optional("next-hop-probe", null, ConfigLoader::durationOrOff);
        if (nextHopProbe != null && nextHop == null) {
            throw fail(realm.pathOf("next-hop-probe"), "needs next-hop");
        }
        if (nextHopProbe != null && nextHopProbe.toMillis() < 1000) {
            throw fail(realm.pathOf("next-hop-probe"), "at least 1s");
        }
        return new RealmConfig(name, address, port, advertised, networks,
                mediaAddress, mediaAdvertised, mediaPorts.low(), mediaPorts.high(), nextHop, nextHopProbe);
    }

    /** Checks that {@code realm}, the last of {@code realms}, binds no socket that an earlier realm (or itself) binds. */
    private void checkClashes(RealmConfig realm, List<RealmConfig> realms) throws ConfigException {
        String path = "realms." + realm.name();
        for (RealmConfig other : realms) {
            boolean earlier = other != realm;
            if (earlier && other.address().equals(realm.address()) && other.port() == realm.port()) {
                throw fail(path + ".port", "same address and port as realm " + other.name());
            }
            if (earlier && other.mediaAddress().equals(realm.mediaAddress())
                    && other.mediaPortMin() <= realm.mediaPortMax() && realm.mediaPortMin() <= other.mediaPortMax()) {
                throw fail(path + ".media.ports",
                        "overlaps realms." + other.name() + ".media.ports on the same address");
            }
            if (realm.mediaAddress().equals(other.address()) && inMediaRange(realm, other.port())) {
                throw fail(path + ".media.ports", "includes the SIP port of realm " + other.name());
            }
            if (earlier && other.mediaAddress().equals(realm.address()) && inMediaRange(other, realm.port())) {
                throw fail(path + ".port", "inside realms." + other.name() + ".media.ports on the same address");
            }
        }
    }

    private static boolean inMediaRange(RealmConfig realm, int port) {
        return port >= realm.mediaPortMin() && port <= realm.mediaPortMax();
    }

    private PipelineConfig readPipeline(Section pipeline) throws ConfigException {
        pipeline.allowOnly("ring-size", "shards", "wait-strategy", "io-threads");
        PipelineConfig defaults = PipelineConfig.DEFAULT;
        return new PipelineConfig(
                pipeline.optional("ring-size", defaults.ringSize(), ConfigLoader::ringSize),
                pipeline.optional("shards", defaults.shards(), intBetween(1, 64)),
                pipeline.optional("wait-strategy", defaults.waitStrategy(),
                        oneOf("blocking", "sleeping", "yielding", "busy-spin")),
                pipeline.optional("io-threads", defaults.ioThreads(), intBetween(1, 64)));
    }

    private LimitsConfig readLimits(Section limits) throws ConfigException {
        limits.allowOnly("max-message-size", "max-headers", "max-start-line");
        LimitsConfig defaults = LimitsConfig.DEFAULT;
        return new LimitsConfig(
                limits.optional("max-message-size", defaults.maxMessageSize(), intBetween(512, 65_507)),
                limits.optional("max-headers", defaults.maxHeaders(), intBetween(16, 1024)),
                limits.optional("max-start-line", defaults.maxStartLine(), intBetween(64, 65_507)));
    }

    private CallsConfig readCalls(Section calls) throws ConfigException {
        calls.allowOnly("max-calls-per-shard", "invite-timeout", "max-duration", "linger", "media-timeout");
        CallsConfig defaults = CallsConfig.DEFAULT;
        return new CallsConfig(
                calls.optional("max-calls-per-shard", defaults.maxCallsPerShard(), intBetween(16, 4_194_304)),
                calls.optional("invite-timeout", defaults.inviteTimeout(), ConfigLoader::duration),
                calls.optional("max-duration", defaults.maxDuration(), ConfigLoader::duration),
                calls.optional("linger", defaults.linger(), ConfigLoader::duration),
                calls.optional("media-timeout", defaults.mediaTimeout(), ConfigLoader::duration));
    }

    private RegistrationsConfig readRegistrations(Section registrations) throws ConfigException {
        registrations.allowOnly("max-bindings-per-shard", "keepalive", "keepalive-interval");
        RegistrationsConfig defaults = RegistrationsConfig.DEFAULT;
        return new RegistrationsConfig(
                registrations.optional("max-bindings-per-shard", defaults.maxBindingsPerShard(), intBetween(16, 4_194_304)),
                registrations.optional("keepalive", defaults.keepalive(), oneOf("crlf", "options", "off")),
                registrations.optional("keepalive-interval", defaults.keepaliveInterval(), ConfigLoader::duration));
    }

    private JmxConfig readJmx(Section jmx) throws ConfigException {
        jmx.allowOnly("enabled", "address", "port", "password-file", "ssl");
        JmxConfig defaults = JmxConfig.DEFAULT;
        return new JmxConfig(
                jmx.optional("enabled", defaults.enabled(), ConfigLoader::bool),
                jmx.optional("address", defaults.address(), ConfigLoader::ipv4),
                jmx.optional("port", defaults.port(), ConfigLoader::port),
                jmx.optional("password-file", defaults.passwordFile(), ConfigLoader::nonEmptyString),
                jmx.optional("ssl", defaults.ssl(), ConfigLoader::bool));
    }

    private ConfigException fail(String keyPath, String reason) {
        return ConfigException.atKey(file, keyPath, reason);
    }

    private Section toSection(String path, String shownPath, Object raw) throws ConfigException {
        if (!(raw instanceof Map<?, ?> map)) {
            throw fail(shownPath, "expected a map");
        }
        return new Section(path, map);
    }

    /**
     * One YAML map being read. Hands out its values converted and checked, and names the offending key by its
     * full path ({@code realms.inside.networks[1]}) when a value is missing, unknown or bad.
     */
    private final class Section {

        private final String path;
        private final Map<String, Object> values = new LinkedHashMap<>();

        Section(String path, Map<?, ?> raw) {
            this.path = path;
            raw.forEach((key, value) -> values.put(String.valueOf(key), value));
        }

        String pathOf(String key) {
            return path.isEmpty() ? key : path + "." + key;
        }

        /** The keys, in file order. */
        List<String> keys() {
            return List.copyOf(values.keySet());
        }

        /** Rejects any key not in {@code allowed}. */
        void allowOnly(String... allowed) throws ConfigException {
            List<String> known = List.of(allowed);
            for (String key : values.keySet()) {
                if (!known.contains(key)) {
                    throw fail(pathOf(key), "unknown key");
                }
            }
        }

        Section requireMap(String key) throws ConfigException {
            Object raw = values.get(key);
            if (raw == null) {
                throw fail(pathOf(key), "missing");
            }
            return toSection(pathOf(key), pathOf(key), raw);
        }

        /** The map under {@code key}, or an empty one if the key is absent, so that every value takes its default. */
        Section optionalMap(String key) throws ConfigException {
            Object raw = values.get(key);
            return raw == null ? new Section(pathOf(key), Map.of()) : toSection(pathOf(key), pathOf(key), raw);
        }

        <T> T require(String key, Converter<T> converter) throws ConfigException {
            Object raw = values.get(key);
            if (raw == null) {
                throw fail(pathOf(key), "missing");
            }
            return convert(pathOf(key), raw, converter);
        }

        /** The value under {@code key}, or {@code fallback} if the key is absent or empty. */
        <T> T optional(String key, T fallback, Converter<T> converter) throws ConfigException {
            Object raw = values.get(key);
            return raw == null ? fallback : convert(pathOf(key), raw, converter);
        }

        /** The list under {@code key}, each element converted, or {@code fallback} if the key is absent or empty. */
        <T> List<T> optionalList(String key, List<T> fallback, Converter<T> element) throws ConfigException {
            Object raw = values.get(key);
            if (raw == null) {
                return fallback;
            }
            if (!(raw instanceof List<?> list)) {
                throw fail(pathOf(key), "expected a list");
            }
            List<T> result = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                result.add(convert(pathOf(key) + "[" + i + "]", list.get(i), element));
            }
            return result;
        }

        private <T> T convert(String keyPath, Object raw, Converter<T> converter) throws ConfigException {
            try {
                return converter.convert(raw);
            } catch (BadValue e) {
                throw fail(keyPath, e.getMessage());
            }
        }
    }

    /** Turns one raw YAML value (String, Integer, Boolean, Map, List...) into a checked config value. */
    @FunctionalInterface
    private interface Converter<T> {
        T convert(Object raw) throws BadValue;
    }

    /** Why a raw value was rejected; {@link Section} adds the file and key path. */
    private static final class BadValue extends Exception {
        private static final long serialVersionUID = 1L;

        BadValue(String reason) {
            super(reason, null, false, false);
        }
    }

    private record PortRange(int low, int high) {
    }

    // ---- converters ----

    private static long integer(Object raw) throws BadValue {
        if (raw instanceof Integer || raw instanceof Long) {
            return ((Number) raw).longValue();
        }
        if (raw instanceof BigInteger big) {
            return big.signum() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        throw new BadValue(raw instanceof Number ? "expected a whole number" : "expected a number");
    }

    private static Converter<Integer> intBetween(int min, int max) {
        return raw -> {
            long value = integer(raw);
            if (value < min || value > max) {
                throw new BadValue("out of range (" + min + "-" + max + ")");
            }
            return (int) value;
        };
    }

    private static Integer port(Object raw) throws BadValue {
        long value = integer(raw);
        if (value < 1 || value > 65535) {
            throw new BadValue("not a port (1-65535)");
        }
        return (int) value;
    }

    private static Integer ringSize(Object raw) throws BadValue {
        long value = integer(raw);
        if (value < 64 || value > 1 << 20 || Long.bitCount(value) != 1) {
            throw new BadValue("not a power of two (64-1048576)");
        }
        return (int) value;
    }

    private static Boolean bool(Object raw) throws BadValue {
        if (raw instanceof Boolean value) {
            return value;
        }
        throw new BadValue("expected true or false");
    }

    private static String nonEmptyString(Object raw) throws BadValue {
        if (!(raw instanceof String text)) {
            throw new BadValue("expected a string");
        }
        if (text.isBlank()) {
            throw new BadValue("must not be empty");
        }
        return text;
    }

    private static Converter<String> oneOf(String... choices) {
        List<String> allowed = List.of(choices);
        return raw -> {
            if (raw instanceof String text && allowed.contains(text)) {
                return text;
            }
            throw new BadValue("not one of " + String.join(", ", allowed));
        };
    }

    private static String ipv4(Object raw) throws BadValue {
        if (raw instanceof String text && Cidr.isIpv4(text)) {
            return text;
        }
        throw new BadValue("not an IP address");
    }

    /** A dotted IPv4 address, or a DNS host name that does not look like a (bad) IPv4 address. */
    private static String hostOrIpv4(Object raw) throws BadValue {
        if (raw instanceof String text && (Cidr.isIpv4(text)
                || HOST_NAME.matcher(text).matches() && !DIGITS_AND_DOTS.matcher(text).matches())) {
            return text;
        }
        throw new BadValue("not a host name or IP address");
    }

    private static Cidr cidr(Object raw) throws BadValue {
        if (raw instanceof String text) {
            try {
                return Cidr.parse(text);
            } catch (IllegalArgumentException e) {
                // reported below
            }
        }
        throw new BadValue("not a CIDR network (a.b.c.d/n)");
    }

    /** {@code LOW-HIGH}: both 1024..65535, LOW even (RTP), LOW below HIGH. */
    private static PortRange portRange(Object raw) throws BadValue {
        Matcher m = raw instanceof String text ? PORT_RANGE.matcher(text) : null;
        if (m != null && m.matches()) {
            int low = Integer.parseInt(m.group(1));
            int high = Integer.parseInt(m.group(2));
            if (low >= 1024 && high <= 65535 && low % 2 == 0 && low < high) {
                return new PortRange(low, high);
            }
        }
        throw new BadValue("not a port range LOW-HIGH (even LOW, 1024-65535)");
    }

    /** {@code a.b.c.d:port}, or {@code a.b.c.d} meaning port 5060. */
    private static HostPort hostPort(Object raw) throws BadValue {
        Matcher m = raw instanceof String text ? HOST_PORT.matcher(text) : null;
        if (m != null && m.matches() && Cidr.isIpv4(m.group(1))) {
            int port = m.group(2) == null ? DEFAULT_SIP_PORT : Integer.parseInt(m.group(2));
            if (port >= 1 && port <= 65535) {
                return new HostPort(m.group(1), port);
            }
        }
        throw new BadValue("not an IP address with optional port (a.b.c.d:port)");
    }

    /** A duration, or {@code off} (null); YAML 1.1 reads a bare off as false. */
    private static Duration durationOrOff(Object raw) throws BadValue {
        return "off".equals(raw) || Boolean.FALSE.equals(raw) ? null : duration(raw);
    }

    /** {@code 500ms}, {@code 185s}, {@code 10m}, {@code 4h}, or a bare number of seconds; more than zero. */
    private static Duration duration(Object raw) throws BadValue {
        if (raw instanceof Integer seconds && seconds > 0) {
            return Duration.ofSeconds(seconds);
        }
        Matcher m = raw instanceof String text ? DURATION.matcher(text) : null;
        if (m != null && m.matches()) {
            long amount = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            if (amount > 0) {
                return switch (unit) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofSeconds(amount);
                };
            }
        }
        throw new BadValue("not a duration (e.g. 30s, 500ms, 4h)");
    }
}
