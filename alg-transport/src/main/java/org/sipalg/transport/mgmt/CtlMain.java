package org.sipalg.transport.mgmt;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.UndeclaredThrowableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import javax.management.JMX;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import javax.rmi.ssl.SslRMIClientSocketFactory;

import org.sipalg.core.status.CounterId;
import org.sipalg.transport.config.ConfigException;
import org.sipalg.transport.config.ConfigLoader;
import org.sipalg.transport.config.JmxConfig;

/**
 * {@code ./scripts/alg ctl}: a small JMX client of a running ALG that prints readable tables, or
 * JSON with {@code --json}. It finds the endpoint in the ALG's config file ({@code jmx.address},
 * {@code jmx.port}) unless {@code --jmx HOST:PORT} says otherwise.
 *
 * <p>Exit status: 0 done, 1 the ALG refused or failed the operation, 2 bad usage, 3 cannot connect.
 */
public final class CtlMain {
    static final int OK = 0;
    static final int REFUSED = 1;
    static final int USAGE = 2;
    static final int UNREACHABLE = 3;

    private static final String USAGE_TEXT = """
        usage: alg ctl [options] <command>

        commands:
          status              health at a glance: state, calls, traffic, drops, latency, media ports
          calls               the call table (at most 1000 rows)
          registrations       users registered through the ALG: AOR, contact, NAT source, expiry
          realms              each realm: settings in force, traffic by method and class, media ports
          counters [--all]    every outcome the ALG counts (non-zero ones unless --all), with what it means
          reload              re-read the config file; apply what can change live, refuse the rest
          drain [--off]       answer new calls 503 and let calls in progress finish (--off: accept again)
          terminate CALL-ID   end one call with a BYE to each side
          reset-counters      zero the counters and the latency histograms

        options:
          --json              print JSON instead of tables
          --config FILE       take jmx.address and jmx.port from FILE (default: the ALG's config/alg.yaml)
          --jmx HOST:PORT     connect to this JMX endpoint instead
          --user NAME         log in (jmx.password-file); the password is read from SIPALG_JMX_PASSWORD
          --ssl               connect with TLS (trust store: SIPALG_JAVA_OPTS="-Djavax.net.ssl.trustStore=...")

        exit status: 0 done, 1 refused or failed, 2 bad usage, 3 cannot connect
        """;

    private final PrintStream out;
    private final PrintStream err;
    private boolean json;

    private CtlMain(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return new CtlMain(out, err).execute(new ArrayList<>(Arrays.asList(args)));
    }

    /** The commands, and the flags that belong to one of them (drain --off, counters --all). */
    private static final List<String> COMMANDS = List.of("status", "calls", "registrations", "realms", "counters", "reload",
        "drain", "terminate", "reset-counters");
    private static final List<String> COMMAND_FLAGS = List.of("--off", "--all");

    private int execute(List<String> args) {
        String target = null;
        Path configFile = null;
        String user = null;
        boolean ssl = false;
        List<String> words = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            boolean hasValue = i + 1 < args.size();
            switch (arg) {
                case "--json" -> json = true;
                case "--ssl" -> ssl = true;
                case "--jmx", "--config", "--user" -> {
                    if (!hasValue) {
                        return usage(arg + " needs a value");
                    }
                    String value = args.get(++i);
                    if (arg.equals("--jmx")) {
                        target = value;
                    } else if (arg.equals("--config")) {
                        configFile = Path.of(value);
                    } else {
                        user = value;
                    }
                }
                case "-h", "--help", "help" -> {
                    out.print(USAGE_TEXT);
                    return OK;
                }
                default -> {
                    if (arg.startsWith("--") && !COMMAND_FLAGS.contains(arg)) {
                        return usage("unknown option " + arg);
                    }
                    words.add(arg);
                }
            }
        }
        if (words.isEmpty()) {
            return usage("no command");
        }
        // Bad usage is told before connecting: an operator should not read "cannot connect" for a typo.
        if (!COMMANDS.contains(words.get(0))) {
            return usage("unknown command " + words.get(0));
        }
        if (words.get(0).equals("terminate") && words.size() < 2) {
            return usage("terminate needs a Call-ID");
        }
        if (target == null) {
            target = endpointFromConfig(configFile);
        }
        int colon = target.lastIndexOf(':');
        if (colon <= 0 || !target.substring(colon + 1).matches("\\d{1,5}")) {
            return usage("--jmx wants HOST:PORT, not " + target);
        }
        String url = JmxEndpoint.clientUrl(target.substring(0, colon), Integer.parseInt(target.substring(colon + 1)));
        Map<String, Object> env = new HashMap<>();
        if (user != null) {
            String password = System.getenv("SIPALG_JMX_PASSWORD");
            if (password == null && System.console() != null) {
                char[] typed = System.console().readPassword("JMX password for %s: ", user);
                password = typed == null ? "" : new String(typed);
            }
            env.put(JMXConnector.CREDENTIALS, new String[] {user, password == null ? "" : password});
        }
        if (ssl) {
            env.put("com.sun.jndi.rmi.factory.socket", new SslRMIClientSocketFactory());
        }
        JMXConnector connector;
        try {
            connector = JMXConnectorFactory.connect(new JMXServiceURL(url), env);
        } catch (SecurityException e) {
            err.println("alg ctl: " + target + " refused the login (" + rootMessage(e) + "): give --user NAME and SIPALG_JMX_PASSWORD");
            return UNREACHABLE;
        } catch (IOException e) {
            err.println("alg ctl: cannot connect to " + target + " (" + rootMessage(e) + "); is the ALG running with jmx.enabled"
                + (ssl ? "" : ", and without jmx.ssl (else add --ssl)") + "?");
            return UNREACHABLE;
        }
        try (connector) {
            return dispatch(words, connector.getMBeanServerConnection());
        } catch (IOException e) {
            err.println("alg ctl: lost the connection to " + target + ": " + rootMessage(e));
            return UNREACHABLE;
        }
    }

    private int usage(String problem) {
        err.println("alg ctl: " + problem);
        err.print(USAGE_TEXT);
        return USAGE;
    }

    /** HOST:PORT from the config's jmx section; the defaults when the file is missing or bad. */
    private String endpointFromConfig(Path configFile) {
        Path file = configFile;
        if (file == null) {
            String home = System.getenv("SIPALG_HOME");
            file = (home != null ? Path.of(home) : Path.of("")).resolve("config/alg.yaml");
        }
        JmxConfig jmx = JmxConfig.DEFAULT;
        if (Files.exists(file) || configFile != null) {
            try {
                jmx = ConfigLoader.load(file).jmx();
            } catch (ConfigException e) {
                err.println("alg ctl: " + e.getMessage() + "; trying " + jmx.address() + ":" + jmx.port());
            }
        }
        String host = jmx.address().equals("0.0.0.0") ? "127.0.0.1" : jmx.address();
        return host + ":" + jmx.port();
    }

    private int dispatch(List<String> words, MBeanServerConnection jmx) throws IOException {
        String command = words.get(0);
        try {
            return switch (command) {
                case "status" -> status(jmx);
                case "calls" -> calls(jmx);
                case "registrations" -> registrations(jmx);
                case "realms" -> realms(jmx);
                case "counters" -> counters(jmx, words.contains("--all"));
                case "reload" -> result(alg(jmx).reloadConfig());
                case "drain" -> result(words.contains("--off") ? alg(jmx).resume() : alg(jmx).drain());
                case "terminate" -> terminate(jmx, words.get(1));
                case "reset-counters" -> result(alg(jmx).resetCounters());
                default -> usage("unknown command " + command);
            };
        } catch (UndeclaredThrowableException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            err.println("alg ctl: " + command + ": " + rootMessage(e));
            return REFUSED;
        } catch (RuntimeException e) {
            // The ALG's own refusal (a bad config, a stuck shard) arrives as the exception it threw.
            err.println("alg ctl: " + command + " refused: " + e.getMessage());
            return REFUSED;
        }
    }

    private static AlgMXBean alg(MBeanServerConnection jmx) {
        return JMX.newMXBeanProxy(jmx, MgmtNames.of(MgmtNames.ALG), AlgMXBean.class);
    }

    private int result(String message) {
        print(Map.of("result", message), () -> out.println(message));
        return OK;
    }

    private int terminate(MBeanServerConnection jmx, String callId) {
        boolean ended = JMX.newMXBeanProxy(jmx, MgmtNames.of(MgmtNames.CALLS), CallsMXBean.class).terminateCall(callId);
        String message = ended ? "call " + callId + " ended: BYE sent to each side" : "no live call " + callId;
        print(Map.of("terminated", ended, "result", message), () -> out.println(message));
        return ended ? OK : REFUSED;
    }

    private void print(Object document, Runnable text) {
        if (json) {
            out.println(CtlOutput.json(document));
        } else {
            text.run();
        }
    }

    // ---- status ----------------------------------------------------------------------------------------------------

    private int status(MBeanServerConnection jmx) throws IOException {
        AlgMXBean alg = alg(jmx);
        MediaMXBean media = JMX.newMXBeanProxy(jmx, MgmtNames.of(MgmtNames.MEDIA), MediaMXBean.class);
        Map<String, Object> doc = attributes(jmx, MgmtNames.ALG, "State", "UptimeSeconds", "Shards", "ConfigFile", "LogLevel");
        doc.put("calls", attributes(jmx, MgmtNames.CALLS, "ActiveCalls", "CallsStarted", "CallsEnded", "CallsPerSecond",
            "TableEntries", "TableCapacity", "RefusedDraining", "RefusedTableFull", "RefusedNoMediaPort"));
        doc.put("traffic", attributes(jmx, MgmtNames.ALG, "RequestsReceived", "RequestsForwarded", "ResponsesReceived",
            "ResponsesForwarded", "LocalResponsesSent", "Local4xxSent", "Local5xxSent", "ParseErrors", "Errors"));
        doc.put("ring", attributes(jmx, MgmtNames.ALG, "RingSize", "RingOccupancy", "RingFullDrops"));
        doc.put("drops", alg.getDrops());
        Map<String, Object> latency = new LinkedHashMap<>();
        for (String stage : List.of(MgmtNames.STAGE_PARSE, MgmtNames.STAGE_SEND, MgmtNames.STAGE_CALL_SETUP)) {
            latency.put(stage, attributes(jmx, MgmtNames.stage(stage), "Unit", "WindowSeconds", "Count", "P50", "P90", "P99",
                "P999", "Max"));
        }
        doc.put("latency", latency);
        Map<String, Object> mediaDoc = attributes(jmx, MgmtNames.MEDIA, "PacketsRelayed", "BytesRelayed", "PacketsDropped");
        mediaDoc.put("portsInUse", media.getPortsInUse());
        mediaDoc.put("portsFree", media.getPortsFree());
        doc.put("media", mediaDoc);
        doc.put("registrations", JMX.newMXBeanProxy(jmx, MgmtNames.of(MgmtNames.REGISTRATIONS), RegistrationsMXBean.class).getCount());
        print(doc, () -> printStatus(doc));
        return OK;
    }

    /** Simple attributes of one bean in one round trip, keyed by name with a lower-case first letter. */
    private static Map<String, Object> attributes(MBeanServerConnection jmx, String bean, String... names) throws IOException {
        Map<String, Object> values = new LinkedHashMap<>();
        try {
            for (javax.management.Attribute attribute : jmx.getAttributes(MgmtNames.of(bean), names).asList()) {
                String name = attribute.getName();
                values.put(Character.toLowerCase(name.charAt(0)) + name.substring(1), attribute.getValue());
            }
        } catch (javax.management.JMException e) {
            throw new IllegalStateException(bean + ": " + e.getMessage(), e);
        }
        return values;
    }

    @SuppressWarnings("unchecked")
    private void printStatus(Map<String, Object> doc) {
        Map<String, Object> c = (Map<String, Object>) doc.get("calls");
        Map<String, Object> t = (Map<String, Object>) doc.get("traffic");
        Map<String, Object> r = (Map<String, Object>) doc.get("ring");
        Map<String, Object> m = (Map<String, Object>) doc.get("media");
        long up = (Long) doc.get("uptimeSeconds");
        out.printf("sip-alg %s, up %dh%02dm%02ds, %s shard(s), log %s, config %s%n", doc.get("state"), up / 3600, up / 60 % 60,
            up % 60, doc.get("shards"), doc.get("logLevel"), doc.get("configFile"));
        out.printf("calls     %s active, %s started, %s ended, %s/s; table %s of %s; refused: draining %s, table full %s, no media port %s%n",
            c.get("activeCalls"), c.get("callsStarted"), c.get("callsEnded"), CtlOutput.decimal((Double) c.get("callsPerSecond")),
            c.get("tableEntries"), c.get("tableCapacity"), c.get("refusedDraining"), c.get("refusedTableFull"),
            c.get("refusedNoMediaPort"));
        out.printf("traffic   requests %s in / %s forwarded, responses %s in / %s forwarded; ALG's own %s (4xx %s, 5xx %s)%n",
            t.get("requestsReceived"), t.get("requestsForwarded"), t.get("responsesReceived"), t.get("responsesForwarded"),
            t.get("localResponsesSent"), t.get("local4xxSent"), t.get("local5xxSent"));
        out.printf("errors    parse %s, bugs %s%n", t.get("parseErrors"), t.get("errors"));
        out.printf("ring      %s of %s slots in use, %s dropped when full%n", r.get("ringOccupancy"), r.get("ringSize"),
            r.get("ringFullDrops"));
        out.printf("drops     %s%n", CtlOutput.nonZero((Map<String, Long>) doc.get("drops")));
        out.printf("media     ports in use %s; free %s; packets relayed %s (%s bytes), dropped %s%n",
            CtlOutput.all((Map<String, Long>) m.get("portsInUse")), CtlOutput.all((Map<String, Long>) m.get("portsFree")),
            m.get("packetsRelayed"), m.get("bytesRelayed"), m.get("packetsDropped"));
        out.printf("registrations %s%n", doc.get("registrations"));
        out.println();
        List<List<String>> rows = new ArrayList<>();
        ((Map<String, Object>) doc.get("latency")).forEach((stage, value) -> {
            Map<String, Object> h = (Map<String, Object>) value;
            List<String> row = new ArrayList<>(List.of(stage, h.get("unit").toString(), h.get("count").toString()));
            for (String p : List.of("p50", "p90", "p99", "p999", "max")) {
                row.add(CtlOutput.decimal((Double) h.get(p)));
            }
            rows.add(row);
        });
        out.println("latency over the last " + LatencyWindow.WINDOW_SECONDS + " s:");
        CtlOutput.table(out, List.of("STAGE", "UNIT", "COUNT", "P50", "P90", "P99", "P99.9", "MAX"), rows);
    }

    // ---- tables ----------------------------------------------------------------------------------------------------

    private static final String ENDED = CallsBean.stateName(org.sipalg.core.call.Call.LINGERING);

    private int calls(MBeanServerConnection jmx) throws IOException {
        TabularData table = table(jmx, MgmtNames.CALLS, CallsMXBean.TABLE);
        List<Map<String, Object>> rows = rows(table, CallsBean.COLUMNS);
        // Calls in progress first, longest first: what an operator looks for; ended ones (kept a
        // few seconds for retransmissions) after them.
        rows.sort(java.util.Comparator.<Map<String, Object>>comparingInt(row -> ENDED.equals(row.get("state")) ? 1 : 0)
            .thenComparing(row -> -((Number) row.get("durationSeconds")).longValue()));
        long live = rows.stream().filter(row -> !ENDED.equals(row.get("state"))).count();
        print(rows, () -> {
            List<List<String>> lines = new ArrayList<>();
            for (Map<String, Object> row : rows) {
                lines.add(List.of(row.get("callId").toString(), row.get("state").toString(), row.get("durationSeconds").toString(),
                    row.get("callerRealm") + " " + row.get("callerContact"), row.get("calleeRealm") + " " + row.get("calleeContact"),
                    row.get("callerRelayPorts") + "/" + row.get("calleeRelayPorts"), row.get("packets").toString()));
            }
            CtlOutput.table(out, List.of("CALL-ID", "STATE", "SECS", "CALLER", "CALLEE", "RELAY PORTS", "PACKETS"), lines);
            out.println(rows.size() + " call(s), " + live + " in progress");
        });
        return OK;
    }

    private int registrations(MBeanServerConnection jmx) throws IOException {
        RegistrationsMXBean bean = JMX.newMXBeanProxy(jmx, MgmtNames.of(MgmtNames.REGISTRATIONS), RegistrationsMXBean.class);
        List<Map<String, Object>> rows = rows(table(jmx, MgmtNames.REGISTRATIONS, RegistrationsMXBean.TABLE), RegistrationsBean.COLUMNS);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("count", bean.getCount());
        doc.put("note", bean.getNote());
        doc.put("registrations", rows);
        print(doc, () -> {
            List<List<String>> lines = new ArrayList<>();
            for (Map<String, Object> row : rows) {
                lines.add(Arrays.stream(RegistrationsBean.COLUMNS).map(c -> String.valueOf(row.get(c))).toList());
            }
            CtlOutput.table(out, List.of("AOR", "REALM", "CONTACT", "SOURCE", "SEEN AS", "STATE", "EXPIRES"), lines);
            out.println(rows.size() + " registration(s); " + bean.getNote());
        });
        return OK;
    }

    private int counters(MBeanServerConnection jmx, boolean all) throws IOException {
        Map<String, Long> values = alg(jmx).getCounters();
        Map<String, Object> doc = new LinkedHashMap<>();
        List<List<String>> lines = new ArrayList<>();
        for (CounterId id : CounterId.values()) {
            long value = values.getOrDefault(id.name(), 0L);
            if (all || value != 0) {
                doc.put(id.name(), value);
                lines.add(List.of(id.name(), Long.toString(value), id.label()));
            }
        }
        print(doc, () -> CtlOutput.table(out, List.of("COUNTER", "VALUE", "MEANING"), lines));
        return OK;
    }

    private int realms(MBeanServerConnection jmx) throws IOException {
        Set<ObjectName> names = new TreeSet<>(jmx.queryNames(MgmtNames.of(MgmtNames.REALMS), null));
        List<Map<String, Object>> realms = new ArrayList<>();
        for (ObjectName name : names) {
            RealmMXBean realm = JMX.newMXBeanProxy(jmx, name, RealmMXBean.class);
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("name", realm.getName());
            doc.put("address", realm.getAddress());
            doc.put("networks", List.of(realm.getNetworks()));
            doc.put("nextHop", realm.getNextHop());
            doc.put("nextHopState", realm.getNextHopState());
            doc.put("advertised", realm.getAdvertised());
            doc.put("mediaRange", realm.getMediaRange());
            doc.put("mediaPortsInUse", realm.getMediaPortsInUse());
            doc.put("mediaPortsFree", realm.getMediaPortsFree());
            doc.put("requestsIn", realm.getRequestsIn());
            doc.put("requestsOut", realm.getRequestsOut());
            doc.put("responsesIn", realm.getResponsesIn());
            doc.put("responsesOut", realm.getResponsesOut());
            doc.put("localResponses", realm.getLocalResponses());
            realms.add(doc);
        }
        print(realms, () -> printRealms(realms));
        return OK;
    }

    @SuppressWarnings("unchecked")
    private void printRealms(List<Map<String, Object>> realms) {
        for (Map<String, Object> realm : realms) {
            String nextHop = realm.get("nextHop").toString().isEmpty() ? "-" : realm.get("nextHop")
                + ("not probed".equals(realm.get("nextHopState")) ? "" : " (" + realm.get("nextHopState") + ")");
            out.printf("%s  %s  networks %s  next hop %s  media %s (ports in use %s, free %s)%n", realm.get("name"),
                realm.get("address"), String.join(",", (List<String>) realm.get("networks")), nextHop,
                realm.get("mediaRange"), realm.get("mediaPortsInUse"), realm.get("mediaPortsFree"));
            for (String key : List.of("requestsIn", "requestsOut", "responsesIn", "responsesOut", "localResponses")) {
                out.printf("  %-15s %s%n", key, CtlOutput.nonZero((Map<String, Long>) realm.get(key)));
            }
        }
    }

    /** A table attribute, read as the open type any JMX client sees. */
    static TabularData table(MBeanServerConnection jmx, String bean, String attribute) throws IOException {
        try {
            return (TabularData) jmx.getAttribute(MgmtNames.of(bean), attribute);
        } catch (javax.management.JMException e) {
            throw new IllegalStateException(bean + " " + attribute + ": " + e.getMessage(), e);
        }
    }

    /** TabularData rows as ordered maps, sorted by their first column. */
    private static List<Map<String, Object>> rows(TabularData table, String[] columns) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Object value : table.values()) {
            CompositeData data = (CompositeData) value;
            Map<String, Object> row = new LinkedHashMap<>();
            for (String column : columns) {
                row.put(column, data.get(column));
            }
            rows.add(row);
        }
        rows.sort((a, b) -> String.valueOf(a.get(columns[0])).compareTo(String.valueOf(b.get(columns[0]))));
        return rows;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }
}
