package org.sipalg.transport.mgmt;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import org.sipalg.transport.config.AlgConfig;
import org.sipalg.transport.config.RealmConfig;

/**
 * What differs between the running configuration and a freshly loaded one, key by key, with the
 * YAML key paths an operator knows ({@code calls.linger}, {@code realms.outside.next-hop}), and
 * which of those changes the ALG can take live. The configuration is walked generically (records),
 * so a key added later is compared too, and counts as needing a restart until listed in {@link #LIVE}.
 */
final class ConfigChanges {
    /** Keys that change without a restart ({@code *} stands for a realm name). */
    static final List<String> LIVE = List.of("log.level", "alg.aliases", "calls.invite-timeout", "calls.max-duration",
        "calls.linger", "registrations.keepalive", "registrations.keepalive-interval", "realms.*.networks",
        "realms.*.next-hop", "realms.*.advertised", "realms.*.media.advertised");
    private static final List<Pattern> LIVE_PATTERNS = LIVE.stream()
        .map(key -> Pattern.compile(Pattern.quote(key).replace("*", "\\E[^.]+\\Q"))).toList();
    /** Record components whose YAML key is not their name in kebab case. */
    private static final Map<String, String> YAML_KEYS = Map.of("aliases", "alg.aliases", "logLevel", "log.level",
        "mediaAddress", "media.address", "mediaAdvertised", "media.advertised");

    /** One key whose value differs; values are shown as the YAML would write them. */
    record Change(String key, String running, String file) {
        boolean live() {
            return LIVE_PATTERNS.stream().anyMatch(p -> p.matcher(key).matches());
        }

        @Override
        public String toString() {
            return key + " " + running + " -> " + file;
        }
    }

    private ConfigChanges() {
    }

    static List<Change> between(AlgConfig running, AlgConfig file) {
        Map<String, String> before = flatten(running);
        Map<String, String> after = flatten(file);
        List<Change> changes = new ArrayList<>();
        for (Map.Entry<String, String> entry : before.entrySet()) {
            String now = after.get(entry.getKey());
            if (!Objects.equals(entry.getValue(), now)) {
                changes.add(new Change(entry.getKey(), show(entry.getValue()), show(now)));
            }
        }
        for (Map.Entry<String, String> entry : after.entrySet()) {
            if (!before.containsKey(entry.getKey())) {
                changes.add(new Change(entry.getKey(), "(none)", show(entry.getValue())));
            }
        }
        return changes;
    }

    /** Every configured value by YAML key path; realms by name, plus the list of names in order. */
    static Map<String, String> flatten(AlgConfig config) {
        Map<String, String> values = new LinkedHashMap<>();
        for (RecordComponent component : AlgConfig.class.getRecordComponents()) {
            Object value = read(component, config);
            String name = component.getName();
            if (name.equals("file")) {
                continue;
            }
            if (name.equals("realms")) {
                values.put("realms", config.realms().stream().map(RealmConfig::name).toList().toString());
                for (RealmConfig realm : config.realms()) {
                    flattenRecord("realms." + realm.name() + ".", realm, values);
                }
            } else if (value instanceof Record section) {
                flattenRecord(name + ".", section, values);
            } else {
                values.put(yamlKey("", name), text(value));
            }
        }
        return values;
    }

    private static void flattenRecord(String prefix, Record section, Map<String, String> values) {
        for (RecordComponent component : section.getClass().getRecordComponents()) {
            String name = component.getName();
            if (name.equals("name") && section instanceof RealmConfig) {
                continue;
            }
            values.put(yamlKey(prefix, name), text(read(component, section)));
        }
        if (section instanceof RealmConfig realm) {
            // One YAML key, media.ports, holds both ends of the range.
            values.remove(prefix + "media-port-min");
            values.remove(prefix + "media-port-max");
            values.put(prefix + "media.ports", realm.mediaPortMin() + "-" + realm.mediaPortMax());
        }
    }

    private static String yamlKey(String prefix, String component) {
        String key = YAML_KEYS.get(component);
        if (key != null) {
            return prefix + key;
        }
        return prefix + component.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    private static Object read(RecordComponent component, Record owner) {
        try {
            return component.getAccessor().invoke(owner);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + component.getName(), e);
        }
    }

    private static String text(Object value) {
        if (value instanceof Duration d) {
            return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
        }
        return String.valueOf(value);
    }

    private static String show(String value) {
        return value == null || value.equals("null") ? "(none)" : value;
    }
}
