package org.sipalg.transport.it;

import java.io.IOException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.sipalg.transport.AlgServer;

/** An integration test class against one ALG on the shipped configuration, started before its tests and closed after. */
abstract class ShippedAlgIT {
    static AlgServer server;

    @BeforeAll
    static void startAlg() throws Exception {
        server = TestAlg.startShipped();
    }

    @AfterAll
    static void stopAlg() throws IOException {
        TestAlg.stop(server, null);
        server = null;
    }
}
