package org.sipalg.transport.health;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.sipalg.core.route.NextHopHealth;
import org.sipalg.core.status.CounterId;
import org.sipalg.core.status.Counters;
import org.sipalg.transport.config.AlgConfig;
import org.sipalg.transport.config.Cidr;
import org.sipalg.transport.config.RealmConfig;

/**
 * Knows whether each realm's configured next hop is up, so that requests to a dead one get 503 at
 * once instead of 408 after 32 s (RFC 3261 §16.9 treats a transport error as a 503). Every
 * {@code next-hop-probe} interval it sends the hop an OPTIONS from a UDP socket on the realm's
 * address, connected to the hop: on a connected socket Linux reports the hop's ICMP port or host
 * unreachable (a read throws {@link PortUnreachableException}), which the shared faces cannot
 * tell apart. Any answer means up; ICMP means unreachable; silence until the next probe means
 * silent. One daemon thread, a 100 ms poll; nothing on the call path but a volatile read.
 */
public final class NextHopProber implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(NextHopProber.class.getName());
    private static final long POLL_MS = 100;

    /** One realm's probe: its socket and where the current round stands. */
    private static final class Probe {
        final int realm;
        final String name;
        final String hop;
        final int hopIp;
        final int hopPort;
        final long intervalMs;
        final DatagramChannel channel;
        final String localAddress;
        final String tag = Long.toHexString(ThreadLocalRandom.current().nextLong());
        long nextSendMs;
        boolean awaiting;
        boolean answered;
        long cseq;

        Probe(int realm, RealmConfig config) throws IOException {
            this.realm = realm;
            this.name = config.name();
            this.hop = config.nextHop().host() + ":" + config.nextHop().port();
            this.hopIp = Cidr.ipv4ToInt(config.nextHop().host());
            this.hopPort = config.nextHop().port();
            this.intervalMs = config.nextHopProbe().toMillis();
            this.channel = DatagramChannel.open();
            channel.bind(new InetSocketAddress(config.address(), 0));
            channel.connect(new InetSocketAddress(config.nextHop().host(), config.nextHop().port()));
            channel.configureBlocking(false);
            InetSocketAddress local = (InetSocketAddress) channel.getLocalAddress();
            this.localAddress = local.getAddress().getHostAddress() + ":" + local.getPort();
        }
    }

    private final List<Probe> probes;
    private final NextHopHealth health;
    private final Counters counters;
    private final ByteBuffer received = ByteBuffer.allocate(65_536);
    private final Thread thread;
    private volatile boolean running = true;

    private NextHopProber(List<Probe> probes, NextHopHealth health, Counters counters) {
        this.probes = probes;
        this.health = health;
        this.counters = counters;
        this.thread = new Thread(this::run, "sipalg-next-hop-prober");
        thread.setDaemon(true);
    }

    /** Starts probing the realms that configure {@code next-hop-probe}; none: nothing runs. */
    public static NextHopProber start(AlgConfig config, NextHopHealth health, Counters counters) throws IOException {
        List<Probe> probes = new ArrayList<>();
        for (int r = 0; r < config.realms().size(); r++) {
            RealmConfig realm = config.realms().get(r);
            if (realm.nextHop() != null && realm.nextHopProbe() != null) {
                probes.add(new Probe(r, realm));
            }
        }
        NextHopProber prober = new NextHopProber(probes, health, counters);
        if (!probes.isEmpty()) {
            prober.thread.start();
        }
        return prober;
    }

    private void run() {
        while (running) {
            long nowMs = System.nanoTime() / 1_000_000;
            for (Probe probe : probes) {
                poll(probe, nowMs);
            }
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void poll(Probe probe, long nowMs) {
        try {
            received.clear();
            while (probe.channel.read(received) > 0) {
                probe.answered = true;
                received.clear();
            }
            if (probe.awaiting && probe.answered) {
                probe.awaiting = false;
                report(probe, NextHopHealth.UP, "answered OPTIONS");
            }
        } catch (IOException e) {
            failed(probe, e);
        }
        if (nowMs < probe.nextSendMs) {
            return;
        }
        if (probe.awaiting) {
            report(probe, NextHopHealth.SILENT, "no answer to OPTIONS within " + probe.intervalMs + " ms");
        }
        probe.nextSendMs = nowMs + probe.intervalMs;
        probe.awaiting = true;
        probe.answered = false;
        try {
            probe.channel.write(ByteBuffer.wrap(options(probe).getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            failed(probe, e);
        }
    }

    /** A read or write failed: the ICMP error Linux reports on a connected socket, or worse. */
    private void failed(Probe probe, IOException e) {
        probe.awaiting = false;
        report(probe, NextHopHealth.UNREACHABLE,
            e instanceof PortUnreachableException ? "ICMP unreachable: nothing listens there" : e.toString());
    }

    private void report(Probe probe, int state, String why) {
        if (!running) {
            return;   // closing: the interrupt closed the socket, the hop is not to blame
        }
        if (state != NextHopHealth.UP) {
            counters.incrementShared(CounterId.NEXT_HOP_PROBES_FAILED);
        }
        int before = health.state(probe.realm);
        health.state(probe.realm, probe.hopIp, probe.hopPort, state);
        if (before != state) {
            LOG.log(state == NextHopHealth.UP ? Level.INFO : Level.WARNING, "next hop " + probe.hop + " of realm "
                + probe.name + " is " + describe(state) + " (" + why + ")" + (state == NextHopHealth.UP ? ""
                : ": requests to it are answered 503 until it answers a probe"));
        }
    }

    /** The state of a realm's next hop for an operator: up, unreachable, silent. */
    public static String describe(int state) {
        return switch (state) {
            case NextHopHealth.UNREACHABLE -> "unreachable";
            case NextHopHealth.SILENT -> "silent";
            default -> "up";
        };
    }

    private static String options(Probe probe) {
        long cseq = ++probe.cseq;
        String branch = Long.toHexString(ThreadLocalRandom.current().nextLong());
        return "OPTIONS sip:" + probe.hop + " SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP " + probe.localAddress + ";branch=z9hG4bKsp" + branch + ";rport\r\n"
            + "Max-Forwards: 70\r\n"
            + "From: <sip:sip-alg@" + probe.localAddress + ">;tag=" + probe.tag + "\r\n"
            + "To: <sip:" + probe.hop + ">\r\n"
            + "Call-ID: probe-" + probe.tag + "@" + probe.localAddress + "\r\n"
            + "CSeq: " + cseq + " OPTIONS\r\n"
            + "Content-Length: 0\r\n\r\n";
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        for (Probe probe : probes) {
            try {
                probe.channel.close();
            } catch (IOException e) {
                LOG.log(Level.FINE, "closing the probe socket of realm " + probe.name, e);
            }
        }
    }
}
