package org.sipalg.transport.it;

import java.io.IOException;
import java.nio.file.Path;

import org.sipalg.transport.AlgServer;
import org.sipalg.transport.config.ConfigLoader;

/** Start and stop of the ALG an integration test class runs against. */
final class TestAlg {
    /** The configuration a newcomer runs: the default topology of CONVENTIONS.md. */
    static final Path SHIPPED_CONFIG = Sipp.HOME.resolve("config/alg.yaml");

    private TestAlg() {
    }

    static AlgServer startShipped() throws Exception {
        return AlgServer.start(ConfigLoader.load(SHIPPED_CONFIG));
    }

    /** Closes what a test class opened; either may be null (a skipped or failed start). */
    static void stop(AlgServer server, RemoteJmx jmx) throws IOException {
        if (jmx != null) {
            jmx.close();
        }
        if (server != null) {
            server.close();
        }
    }
}
