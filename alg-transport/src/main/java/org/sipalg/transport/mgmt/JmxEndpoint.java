package org.sipalg.transport.mgmt;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.rmi.AlreadyBoundException;
import java.rmi.NoSuchObjectException;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.RMIClientSocketFactory;
import java.rmi.server.RMIServerSocketFactory;
import java.rmi.server.UnicastRemoteObject;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import javax.management.MBeanServer;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXServiceURL;
import javax.management.remote.rmi.RMIConnectorServer;
import javax.management.remote.rmi.RMIJRMPServerImpl;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLServerSocketFactory;
import javax.rmi.ssl.SslRMIClientSocketFactory;

import org.sipalg.transport.config.JmxConfig;

/**
 * Remote JMX on one TCP port of one address: the RMI registry and the connector share the port
 * (same server socket factory), and both listen on the configured address only, so the default
 * 127.0.0.1 is never exposed on 0.0.0.0. Optional password file ({@code jmx.remote.x.password.file}:
 * every user in it has read-write access) and TLS (keys from {@code javax.net.ssl.keyStore}).
 *
 * <p>Clients connect to {@code service:jmx:rmi:///jndi/rmi://ADDRESS:PORT/jmxrmi}.
 */
final class JmxEndpoint implements AutoCloseable {
    private static final String RMI_HOSTNAME = "java.rmi.server.hostname";

    private final Registry registry;
    private final JMXConnectorServer connector;
    private final String url;

    private JmxEndpoint(Registry registry, JMXConnectorServer connector, String url) {
        this.registry = registry;
        this.connector = connector;
        this.url = url;
    }

    static String clientUrl(String address, int port) {
        return "service:jmx:rmi:///jndi/rmi://" + address + ":" + port + "/jmxrmi";
    }

    static JmxEndpoint start(JmxConfig config, MBeanServer mbeans) throws IOException {
        InetAddress bindAddress = InetAddress.getByName(config.address());
        // The stubs handed to clients name this host; RMI's default (the host name's address) may
        // be one nothing listens on. An operator's own -Djava.rmi.server.hostname wins (NAT).
        if (System.getProperty(RMI_HOSTNAME) == null && !bindAddress.isAnyLocalAddress()) {
            System.setProperty(RMI_HOSTNAME, config.address());
        }
        RMIClientSocketFactory clientSockets = config.ssl() ? new SslRMIClientSocketFactory() : null;
        RMIServerSocketFactory serverSockets = new BoundServerSocketFactory(bindAddress, config.ssl());
        Map<String, Object> env = new HashMap<>();
        env.put(RMIConnectorServer.RMI_SERVER_SOCKET_FACTORY_ATTRIBUTE, serverSockets);
        if (clientSockets != null) {
            env.put(RMIConnectorServer.RMI_CLIENT_SOCKET_FACTORY_ATTRIBUTE, clientSockets);
        }
        if (config.passwordFile() != null) {
            Path passwords = Path.of(config.passwordFile());
            if (!Files.isReadable(passwords)) {
                throw new IOException("jmx.password-file " + passwords + " cannot be read");
            }
            env.put("jmx.remote.x.password.file", passwords.toString());
        }
        Registry registry = LocateRegistry.createRegistry(config.port(), clientSockets, serverSockets);
        JMXConnectorServer connector = null;
        try {
            RMIJRMPServerImpl server = new RMIJRMPServerImpl(config.port(), clientSockets, serverSockets, env);
            JMXServiceURL serviceUrl = new JMXServiceURL("service:jmx:rmi://" + config.address() + ":" + config.port());
            connector = new RMIConnectorServer(serviceUrl, env, server, mbeans);
            connector.start();
            registry.bind("jmxrmi", server.toStub());
        } catch (IOException | RuntimeException | AlreadyBoundException e) {
            if (connector != null) {
                connector.stop();
            }
            unexport(registry);
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
        return new JmxEndpoint(registry, connector, clientUrl(config.address(), config.port()));
    }

    String url() {
        return url;
    }

    @Override
    public void close() {
        try {
            connector.stop();
        } catch (IOException e) {
            // the client connections are gone either way; nothing more to free
        }
        unexport(registry);
    }

    private static void unexport(Registry registry) {
        try {
            UnicastRemoteObject.unexportObject(registry, true);
        } catch (NoSuchObjectException e) {
            // already gone
        }
    }

    /**
     * Listens on one address only (RMI's default factory takes every interface); with TLS, an
     * SSL server socket there. Equal factories let RMI share one port between registry and connector.
     */
    static final class BoundServerSocketFactory implements RMIServerSocketFactory {
        private final InetAddress address;
        private final boolean ssl;

        BoundServerSocketFactory(InetAddress address, boolean ssl) {
            this.address = address;
            this.ssl = ssl;
        }

        @Override
        public ServerSocket createServerSocket(int port) throws IOException {
            if (!ssl) {
                return new ServerSocket(port, 50, address);
            }
            SSLServerSocket socket = (SSLServerSocket) SSLServerSocketFactory.getDefault().createServerSocket(port, 50, address);
            socket.setNeedClientAuth(false);
            return socket;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof BoundServerSocketFactory f && f.address.equals(address) && f.ssl == ssl;
        }

        @Override
        public int hashCode() {
            return Objects.hash(address, ssl);
        }
    }
}
