package org.sipalg.transport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.sipalg.transport.config.AlgConfig;
import org.sipalg.transport.config.ConfigException;
import org.sipalg.transport.config.ConfigLoader;

/** {@code sip-alg [--config FILE]}: reads the config, starts the ALG, stops it on SIGTERM/Ctrl-C. */
public final class AlgMain {
    static {
        // Before the first Logger: JUL reads this property once, when it starts.
        System.setProperty("java.util.logging.manager", AlgLogManager.class.getName());
    }

    private static final Logger LOG = Logger.getLogger("org.sipalg");

    private AlgMain() {
    }

    public static void main(String[] args) {
        Path configFile = defaultConfig();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                configFile = Path.of(args[++i]);
            } else {
                System.err.println("usage: sip-alg [--config FILE]");
                System.exit(2);
            }
        }
        AlgConfig config;
        try {
            config = ConfigLoader.load(configFile);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        configureLogging(config.logLevel());
        AlgServer server;
        try {
            server = AlgServer.start(config);
        } catch (Exception e) {
            System.err.println("sip-alg: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stopping: " + server.summary());
            server.close();
            LOG.info("stopped");
            AlgLogManager.resetIfOurs();
            stopped.countDown();
        }, "sipalg-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Path defaultConfig() {
        String home = System.getenv("SIPALG_HOME");
        Path base = home != null ? Path.of(home) : Path.of("");
        Path file = base.resolve("config/alg.yaml");
        return Files.exists(file) ? file : Path.of("config/alg.yaml");
    }

    /** One line per record on stdout; {@code debug} shows every message the ALG handles. */
    static void configureLogging(String level) {
        Logger root = Logger.getLogger("");
        for (var handler : root.getHandlers()) {
            root.removeHandler(handler);
        }
        ConsoleHandler handler = new ConsoleHandler() {
            {
                setOutputStream(System.out);
            }
        };
        handler.setFormatter(new Formatter() {
            @Override
            public String format(LogRecord r) {
                String text = String.format("%1$tF %1$tT.%1$tL %2$-5s %3$s %4$s%n", r.getMillis(), label(r.getLevel()),
                    r.getLoggerName().replace("org.sipalg", "alg"), formatMessage(r));
                if (r.getThrown() != null) {
                    java.io.StringWriter trace = new java.io.StringWriter();
                    r.getThrown().printStackTrace(new java.io.PrintWriter(trace));
                    text += trace;
                }
                return text;
            }
        });
        root.addHandler(handler);
        root.setLevel(Level.INFO);
        applyLogLevel(level);
    }

    /** {@code info}, {@code debug} or {@code warn}, now: at start and on a live config reload. */
    public static void applyLogLevel(String level) {
        Level jul = switch (level) {
            case "debug" -> Level.FINE;
            case "warn" -> Level.WARNING;
            default -> Level.INFO;
        };
        for (var handler : Logger.getLogger("").getHandlers()) {
            handler.setLevel(jul);
        }
        Logger.getLogger("org.sipalg").setLevel(jul);
    }

    private static String label(Level level) {
        if (level == Level.FINE || level == Level.FINER || level == Level.FINEST) {
            return "DEBUG";
        }
        return level == Level.WARNING ? "WARN" : level == Level.SEVERE ? "ERROR" : level.getName();
    }
}
