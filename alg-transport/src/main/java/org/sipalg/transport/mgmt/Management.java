package org.sipalg.transport.mgmt;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.sipalg.core.route.RealmTable;
import org.sipalg.core.status.CounterId;
import org.sipalg.transport.AlgMain;
import org.sipalg.transport.AlgServer;
import org.sipalg.transport.config.AlgConfig;
import org.sipalg.transport.config.ConfigException;
import org.sipalg.transport.config.ConfigLoader;
import org.sipalg.transport.config.JmxConfig;
import org.sipalg.transport.pipeline.LatencyProbe;
import org.sipalg.transport.pipeline.ShardStage;
import org.sipalg.transport.pipeline.ShardCalls;

/**
 * The operator's side of a running ALG: registers the MXBeans in the platform MBean server (so
 * JConsole also shows the JVM's own beans next to them), serves them on the remote JMX endpoint,
 * and runs the management ticker that slides the latency windows and measures the call rate.
 * Operations that touch shard state go through {@link ShardCalls}. Started and closed by
 * {@link AlgServer}; the operations are serialized (one reload or drain at a time).
 */
public final class Management implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger("org.sipalg.mgmt");

    private final AlgServer server;
    private final MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
    private final List<ObjectName> registered = new ArrayList<>();
    private final List<LatencyWindow> windows = new ArrayList<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread t = new Thread(runnable, "sipalg-mgmt");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean draining;
    private volatile double callsPerSecond;
    private long lastCallsStarted;
    private long lastRateNs = System.nanoTime();
    private JmxEndpoint endpoint;

    private Management(AlgServer server) {
        this.server = server;
    }

    /** Registers the MXBeans and starts the remote endpoint; on failure nothing stays registered or bound. */
    public static Management start(AlgServer server, JmxConfig jmx) throws IOException {
        Management management = new Management(server);
        try {
            management.registerBeans();
            management.endpoint = JmxEndpoint.start(jmx, management.mbeans);
        } catch (IOException | RuntimeException e) {
            management.close();
            throw new IOException("cannot start JMX on " + jmx.address() + ":" + jmx.port() + ": " + e.getMessage(), e);
        }
        management.ticker.scheduleAtFixedRate(management::tick, LatencyWindow.SLOT_SECONDS, LatencyWindow.SLOT_SECONDS,
            TimeUnit.SECONDS);
        LOG.info(() -> "JMX at " + management.endpoint.url());
        return management;
    }

    private void registerBeans() {
        List<LatencyProbe> parse = new ArrayList<>();
        List<LatencyProbe> send = new ArrayList<>();
        List<LatencyProbe> callSetup = new ArrayList<>();
        for (ShardStage shard : server.shards()) {
            parse.add(shard.parseLatency());
            send.add(shard.sendLatency());
            callSetup.add(shard.callSetupLatency());
        }
        register(MgmtNames.ALG, new AlgBean(server, this));
        for (int r = 0; r < server.config().realms().size(); r++) {
            register(MgmtNames.realm(server.config().realms().get(r).name()), new RealmBean(server, r));
        }
        register(MgmtNames.stage(MgmtNames.STAGE_PARSE), new PipelineStageBean(MgmtNames.STAGE_PARSE,
            "received on a face (socket read) to processed by its shard: ring wait, parse, route, rewrite",
            "us", 1000.0, window(parse)));
        register(MgmtNames.stage(MgmtNames.STAGE_SEND), new PipelineStageBean(MgmtNames.STAGE_SEND,
            "received on a face to its answer or forward handed to a face's socket (whole ALG transit)", "us", 1000.0,
            window(send)));
        register(MgmtNames.stage(MgmtNames.STAGE_CALL_SETUP), new PipelineStageBean(MgmtNames.STAGE_CALL_SETUP,
            "initial INVITE received to its first 2xx received (call setup as the ALG sees it)", "ms", 1.0,
            window(callSetup)));
        CallsBean calls = new CallsBean(server, this);
        register(MgmtNames.CALLS, new MXBeanWithTable(calls, CallsMXBean.class, CallsMXBean.TABLE,
            "the call table, at most " + CallsBean.ROW_LIMIT + " rows", CallsBean.TABLE_TYPE, calls::calls));
        RegistrationsBean registrations = new RegistrationsBean(server);
        register(MgmtNames.REGISTRATIONS, new MXBeanWithTable(registrations, RegistrationsMXBean.class,
            RegistrationsMXBean.TABLE, "registered bindings", RegistrationsBean.TABLE_TYPE, registrations::registrations));
        register(MgmtNames.MEDIA, new MediaBean(server));
    }

    private LatencyWindow window(List<LatencyProbe> probes) {
        LatencyWindow window = new LatencyWindow(probes);
        windows.add(window);
        return window;
    }

    private void register(String name, Object bean) {
        ObjectName objectName = MgmtNames.of(name);
        try {
            mbeans.registerMBean(bean, objectName);
        } catch (JMException e) {
            throw new IllegalStateException("cannot register " + name + ": " + e.getMessage(), e);
        }
        registered.add(objectName);
    }

    private synchronized void tick() {
        try {
            for (LatencyWindow window : windows) {
                window.advance();
            }
            long started = server.counter(CounterId.CALLS_STARTED);
            long nowNs = System.nanoTime();
            callsPerSecond = Math.max(0, started - lastCallsStarted) * 1e9 / Math.max(1, nowNs - lastRateNs);
            lastCallsStarted = started;
            lastRateNs = nowNs;
        } catch (RuntimeException e) {
            // A failed tick must not cancel the schedule (a thrown exception would).
            LOG.log(Level.WARNING, "management tick failed", e);
        }
    }

    boolean isDraining() {
        return draining;
    }

    double callsPerSecond() {
        return callsPerSecond;
    }

    synchronized String drain(boolean on) {
        ShardCalls.onEveryShard(server, (shard, processor, out) -> {
            processor.onDrain(on);
            return null;
        });
        draining = on;
        String state = on ? "draining: new calls are answered 503, calls in progress go on" : "running: new calls are accepted";
        LOG.info(state);
        return state;
    }

    synchronized String resetCounters() {
        ShardCalls.onEveryShard(server, (shard, processor, out) -> {
            server.shards().get(shard).counters().reset();
            processor.traffic().reset();
            return null;
        });
        server.resetTransportCounters();
        server.relay().resetCounters();
        for (LatencyWindow window : windows) {
            window.reset();
        }
        lastCallsStarted = 0;
        return "counters and latency histograms reset";
    }

    /**
     * Reloads the file the ALG was started with. Refused, with the running config kept: a file that
     * does not load ({@code file: key: reason}), or one that changes a key needing a restart.
     */
    synchronized String reloadConfig() {
        AlgConfig running = server.config();
        AlgConfig file;
        try {
            file = ConfigLoader.load(running.file());
        } catch (ConfigException e) {
            LOG.warning("config reload refused: " + e.getMessage());
            throw new IllegalArgumentException(e.getMessage());
        }
        List<ConfigChanges.Change> changes = ConfigChanges.between(running, file);
        String fileName = running.file().getFileName().toString();
        List<ConfigChanges.Change> needRestart = changes.stream().filter(c -> !c.live()).toList();
        if (!needRestart.isEmpty()) {
            ConfigChanges.Change first = needRestart.get(0);
            String message = fileName + ": " + first.key() + ": needs a restart (running " + first.running() + ", file "
                + first.file() + ")" + (needRestart.size() > 1 ? " and " + (needRestart.size() - 1) + " more key(s)" : "")
                + "; nothing was changed";
            LOG.warning("config reload refused: " + message);
            throw new IllegalArgumentException(message);
        }
        if (changes.isEmpty()) {
            return fileName + ": no change";
        }
        RealmTable realms = AlgServer.realmTable(file);
        ShardCalls.onEveryShard(server, (shard, processor, out) -> {
            processor.onSettingsChanged(AlgServer.processorSettings(file, realms, shard));
            return null;
        });
        if (!file.logLevel().equals(running.logLevel())) {
            AlgMain.applyLogLevel(file.logLevel());
        }
        server.configReloaded(file);
        String applied = fileName + " reloaded: " + changes.stream().map(ConfigChanges.Change::toString).collect(Collectors.joining(", "));
        LOG.info(applied);
        return applied;
    }

    /** Stops the endpoint and the ticker and unregisters every MXBean. */
    @Override
    public void close() {
        ticker.shutdownNow();
        if (endpoint != null) {
            endpoint.close();
            endpoint = null;
        }
        for (ObjectName name : registered) {
            try {
                mbeans.unregisterMBean(name);
            } catch (JMException e) {
                // already gone
            }
        }
        registered.clear();
    }
}
