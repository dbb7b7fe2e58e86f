package org.sipalg.transport.it;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import javax.management.JMException;
import javax.management.JMX;
import javax.management.MBeanServerConnection;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import org.sipalg.transport.mgmt.CallsMXBean;
import org.sipalg.transport.mgmt.MgmtNames;

/**
 * A real remote JMX connection to the ALG's endpoint, as JConsole or {@code alg ctl} would open it
 * (RMI registry lookup of {@code jmxrmi}, then the connector), with typed MXBean proxies.
 */
final class RemoteJmx implements AutoCloseable {
    static final String DEFAULT_URL = "service:jmx:rmi:///jndi/rmi://127.0.0.1:9010/jmxrmi";

    private final JMXConnector connector;
    private final MBeanServerConnection connection;

    private RemoteJmx(JMXConnector connector) throws IOException {
        this.connector = connector;
        this.connection = connector.getMBeanServerConnection();
    }

    static RemoteJmx connect() throws IOException {
        return new RemoteJmx(JMXConnectorFactory.connect(new JMXServiceURL(DEFAULT_URL)));
    }

    <T> T bean(String name, Class<T> type) {
        return JMX.newMXBeanProxy(connection, MgmtNames.of(name), type);
    }

    /** The rows of the call table attribute, as any JMX client receives them. */
    List<CompositeData> calls() throws IOException, JMException {
        return rows(MgmtNames.CALLS, CallsMXBean.TABLE);
    }

    /** The rows of a table attribute of a bean. */
    List<CompositeData> rows(String bean, String attribute) throws IOException, JMException {
        TabularData table = (TabularData) connection.getAttribute(MgmtNames.of(bean), attribute);
        List<CompositeData> rows = new ArrayList<>();
        for (Object row : table.values()) {
            rows.add((CompositeData) row);
        }
        return rows;
    }

    /** Polls the call table until a row matches, at most {@code timeout}; null if none did. */
    CompositeData awaitCall(Predicate<CompositeData> match, Duration timeout)
        throws IOException, JMException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        do {
            for (CompositeData row : calls()) {
                if (match.test(row)) {
                    return row;
                }
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        return null;
    }

    static boolean confirmed(CompositeData row) {
        return "confirmed".equals(row.get("state"));
    }

    MBeanServerConnection connection() {
        return connection;
    }

    @Override
    public void close() throws IOException {
        connector.close();
    }
}
