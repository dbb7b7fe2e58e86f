package org.sipalg.transport.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The whole ALG configuration, as read and validated by {@link ConfigLoader#load(Path)}.
 *
 * @param file     the file it was loaded from
 * @param aliases  host names that mean "this ALG" in Route / Request-URI (may be empty)
 * @param realms   the realms (at least two), in the order of the YAML file
 * @param pipeline sizes and threads of the processing pipeline
 * @param calls    call-state limits and timers
 * @param jmx      the JMX management endpoint
 * @param logLevel {@code info}, {@code debug} or {@code warn}
 * @param limits   the SIP parser's limits
 * @param registrations the binding table and NAT keep-alives
 */
public record AlgConfig(Path file, List<String> aliases, List<RealmConfig> realms, PipelineConfig pipeline,
                        CallsConfig calls, JmxConfig jmx, String logLevel, LimitsConfig limits,
                        RegistrationsConfig registrations) {

    /** A configuration with the default parser limits and registration settings. */
    public AlgConfig(Path file, List<String> aliases, List<RealmConfig> realms, PipelineConfig pipeline,
                     CallsConfig calls, JmxConfig jmx, String logLevel) {
        this(file, aliases, realms, pipeline, calls, jmx, logLevel, LimitsConfig.DEFAULT, RegistrationsConfig.DEFAULT);
    }

    public AlgConfig {
        Objects.requireNonNull(file, "file");
        aliases = List.copyOf(aliases);
        realms = List.copyOf(realms);
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(calls, "calls");
        Objects.requireNonNull(jmx, "jmx");
        Objects.requireNonNull(logLevel, "logLevel");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(registrations, "registrations");
    }

    /** The realm with this name, if there is one. */
    public Optional<RealmConfig> realm(String name) {
        return realms.stream().filter(r -> r.name().equals(name)).findFirst();
    }
}
