package org.sipalg.transport;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import com.lmax.disruptor.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import org.sipalg.core.call.CallTable;
import org.sipalg.core.media.MediaKeys;
import org.sipalg.core.proxy.ProcessorSettings;
import org.sipalg.core.proxy.RegistrationSettings;
import org.sipalg.core.registration.BindingDirectory;
import org.sipalg.core.route.NextHopHealth;
import org.sipalg.core.proxy.SipProcessor;
import org.sipalg.core.route.Realm;
import org.sipalg.core.route.RealmTable;
import org.sipalg.core.status.CounterId;
import org.sipalg.core.status.Counters;
import org.sipalg.transport.config.AlgConfig;
import org.sipalg.transport.config.RegistrationsConfig;
import org.sipalg.transport.health.NextHopProber;
import org.sipalg.transport.config.Cidr;
import org.sipalg.transport.config.RealmConfig;
import org.sipalg.transport.mgmt.Management;
import org.sipalg.transport.media.MediaRelay;
import org.sipalg.transport.media.RelayControl;
import org.sipalg.transport.pipeline.CallIdStage;
import org.sipalg.transport.pipeline.ShardCalls;
import org.sipalg.transport.pipeline.ShardCommand;
import org.sipalg.transport.pipeline.ShardStage;
import org.sipalg.transport.pipeline.SipEvent;
import org.sipalg.transport.pipeline.SipEvents;
import org.sipalg.transport.udp.SipReceiver;

/**
 * The running ALG: one UDP socket per realm face on Netty's epoll event loops, feeding one ring:
 * <pre>
 *   SipReceiver(face) ─┐                       ┌─ ShardStage[0] ─┐
 *   SipReceiver(face) ─┼─► ring ─► CallIdStage ┼─ ShardStage[k] ─┼─► face sockets (flushed per batch)
 *   ticker (10 ms)   ──┘   (only with >1 shard)└─ ...            ┘
 * </pre>
 * The shards send themselves: a stage after them would busy-wait on them (Disruptor's wait
 * strategies spin on dependent stages), which cost a core under load on a 2-core box.
 * Built and closed by one thread; the stages own their state.
 */
public final class AlgServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger("org.sipalg");
    private static final long TICK_MS = 10;
    /** Calls one shutdown command ends, so the shard stays responsive between batches. */
    private static final int BYE_BATCH = 256;

    /** Replaced by a live config reload (management thread); what needs a restart never changes. */
    private volatile AlgConfig config;
    private final long startedNs = System.nanoTime();
    private final RealmTable realms;
    private final Counters transportCounters = new Counters();
    /** What the prober knows of each realm's next hop; the shards read it on every request to one. */
    private final NextHopHealth nextHops;
    private NextHopProber prober;
    private final List<ShardStage> shards = new ArrayList<>();
    private final Channel[] faces;
    private final EventLoopGroup group;
    private final boolean epoll;
    private final Disruptor<SipEvent> disruptor;
    private final MediaRelay relay;
    private Management management;
    private ScheduledFuture<?> ticker;
    private ScheduledFuture<?> summary;
    private long lastSummaryMessages;

    private AlgServer(AlgConfig config) {
        this.config = config;
        this.realms = realmTable(config);
        this.faces = new Channel[realms.size()];
        this.nextHops = new NextHopHealth(realms.size());
        this.epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        if (!epoll) {
            LOG.warning("native epoll unavailable (" + Epoll.unavailabilityCause() + "): using NIO");
        }
        this.group = new MultiThreadIoEventLoopGroup(config.pipeline().ioThreads(), named("sipalg-io"), io);
        this.disruptor = new Disruptor<>(SipEvent::new, config.pipeline().ringSize(), named("sipalg-stage"),
            ProducerType.MULTI, waitStrategy(config.pipeline().waitStrategy()));
        try {
            this.relay = new MediaRelay(realms, config.calls().mediaTimeout().toNanos(), this::onMediaTimeout);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot open the media relay's selector", e);
        }
    }

    /** Binds every face and starts the pipeline; returns when the ALG is receiving. */
    public static AlgServer start(AlgConfig config) throws Exception {
        AlgServer server = new AlgServer(config);
        try {
            server.startPipeline();
            server.bindFaces();
            server.prober = NextHopProber.start(config, server.nextHops, server.transportCounters);
            if (config.jmx().enabled()) {
                server.management = Management.start(server, config.jmx());
            }
        } catch (Exception | Error e) {
            server.close();
            throw e;
        }
        // Last, so that a script waiting for this line can use every face and the console at once.
        LOG.info(() -> "sip-alg listening: " + server.describeFaces() + " (" + (server.epoll ? "epoll" : "nio") + ", "
            + config.pipeline().shards() + " shard(s), ring " + config.pipeline().ringSize() + ", wait "
            + config.pipeline().waitStrategy() + ")");
        return server;
    }

    /** The state of realm {@code realm}'s next hop as its prober last found it (management). */
    public int nextHopState(int realm) {
        return nextHops.state(realm);
    }

    /** Relay thread: a silent call is ended by the shard that owns it. */
    private void onMediaTimeout(long streamKey) {
        submit((shard, processor, out) -> processor.onMediaTimeout(streamKey, ShardStage.monotonicMs(), out), MediaKeys.shard(streamKey));
    }

    private void startPipeline() {
        relay.start();
        RelayControl media = new RelayControl(relay);
        int shardCount = config.pipeline().shards();
        String[] realmNames = new String[realms.size()];
        for (int r = 0; r < realms.size(); r++) {
            realmNames[r] = realms.get(r).name();
        }
        // One binding table per shard, readable by all: an INVITE to a registered user may hash to any shard.
        BindingDirectory bindings = new BindingDirectory(shardCount, config.registrations().maxBindingsPerShard());
        for (int k = 0; k < shardCount; k++) {
            ProcessorSettings settings = processorSettings(config, realms, k);
            Counters counters = new Counters();
            shards.add(new ShardStage(k, new SipProcessor(settings, counters, ShardStage.monotonicMs(), media, bindings, nextHops),
                counters,
                PooledByteBufAllocator.DEFAULT, realmNames, faces));
        }
        @SuppressWarnings("unchecked")
        EventHandler<SipEvent>[] shardHandlers = shards.toArray(new EventHandler[0]);
        if (shardCount > 1) {
            disruptor.handleEventsWith(new CallIdStage(shardCount)).then(shardHandlers);
        } else {
            disruptor.handleEventsWith(shardHandlers);
        }
        disruptor.start();
        RingBuffer<SipEvent> ring = disruptor.getRingBuffer();
        ticker = group.next().scheduleAtFixedRate(() -> publishTick(ring), TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
        summary = group.next().scheduleAtFixedRate(this::logSummaryIfBusy, 60, 60, TimeUnit.SECONDS);
    }

    private void bindFaces() throws InterruptedException {
        RingBuffer<SipEvent> ring = disruptor.getRingBuffer();
        // IPv4 sockets: a dual-stack socket would report senders as IPv4-mapped IPv6 addresses.
        ChannelFactory<DatagramChannel> channels = epoll
            ? () -> new EpollDatagramChannel(SocketProtocolFamily.INET)
            : () -> new NioDatagramChannel(SocketProtocolFamily.INET);
        for (int r = 0; r < realms.size(); r++) {
            Realm realm = realms.get(r);
            InetSocketAddress address = new InetSocketAddress(Cidr.intToIpv4(realm.address()), realm.port());
            Bootstrap bootstrap = new Bootstrap().group(group).channelFactory(channels)
                .option(ChannelOption.SO_RCVBUF, 4 << 20)
                .option(ChannelOption.SO_SNDBUF, 4 << 20)
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .handler(new SipReceiver(r, ring, transportCounters));
            var future = bootstrap.bind(address).await();
            if (!future.isSuccess()) {
                throw new IllegalStateException("cannot bind realm " + realm.name() + " face " + address.getHostString() + ":"
                    + realm.port() + ": " + future.cause().getMessage(), future.cause());
            }
            faces[r] = future.channel();
        }
    }

    private String describeFaces() {
        StringBuilder s = new StringBuilder();
        for (int r = 0; r < realms.size(); r++) {
            Realm realm = realms.get(r);
            s.append(r == 0 ? "" : ", ").append(realm.name()).append(' ').append(Cidr.intToIpv4(realm.address()))
                .append(':').append(realm.port()).append(" media ").append(realm.mediaPortMin()).append('-').append(realm.mediaPortMax());
            if (realm.hasNextHop()) {
                s.append(" next-hop ").append(Cidr.intToIpv4(realm.nextHopAddress())).append(':').append(realm.nextHopPort());
            }
        }
        return s.toString();
    }

    private static void publishTick(RingBuffer<SipEvent> ring) {
        long sequence;
        try {
            sequence = ring.tryNext();
        } catch (InsufficientCapacityException e) {
            return;   // the ring is busy, so the shards are awake: the next tick will do
        }
        SipEvents.tick(ring.get(sequence));
        ring.publish(sequence);
    }

    /**
     * Runs {@code command} on the thread of shard {@code shard} (or of every shard, with
     * {@link SipEvent#ALL_SHARDS}). Management threads only: waits while the ring is full.
     */
    public void submit(ShardCommand command, int shard) {
        RingBuffer<SipEvent> ring = disruptor.getRingBuffer();
        long sequence = ring.next();
        try {
            SipEvents.command(ring.get(sequence), command, shard);
        } finally {
            ring.publish(sequence);
        }
    }

    public MediaRelay relay() {
        return relay;
    }

    /** Free relay port pairs of a realm over all shards (racy read for management and tests). */
    public int freeMediaPorts(int realm) {
        int free = 0;
        for (ShardStage shard : shards) {
            free += shard.processor().ports(realm).available();
        }
        return free;
    }

    public int mediaPortCapacity(int realm) {
        int capacity = 0;
        for (ShardStage shard : shards) {
            capacity += shard.processor().ports(realm).capacity();
        }
        return capacity;
    }

    public int shardCount() {
        return shards.size();
    }

    /** The shard stages, for management reads of their counters and latency probes. */
    public List<ShardStage> shards() {
        return java.util.Collections.unmodifiableList(shards);
    }

    /** The configuration in force: the one started with, or the last one reloaded live. */
    public AlgConfig config() {
        return config;
    }

    /** Management thread, once every shard has taken the new settings. */
    public void configReloaded(AlgConfig reloaded) {
        this.config = reloaded;
    }

    public long uptimeMs() {
        return (System.nanoTime() - startedNs) / 1_000_000;
    }

    public int ringSize() {
        return disruptor.getRingBuffer().getBufferSize();
    }

    /** Slots published but not yet released by the last stage (a racy, momentary reading). */
    public long ringOccupancy() {
        return disruptor.getRingBuffer().getBufferSize() - disruptor.getRingBuffer().remainingCapacity();
    }

    /** Zeroes the receivers' counters; they are bumped atomically, so any thread may. */
    public void resetTransportCounters() {
        transportCounters.reset();
    }

    /** What shard {@code shard} of a server running {@code config} with {@code realms} needs to know. */
    public static ProcessorSettings processorSettings(AlgConfig config, RealmTable realms, int shard) {
        return new ProcessorSettings(realms, shard, config.pipeline().shards(), config.calls().maxCallsPerShard(),
            config.calls().inviteTimeout().toMillis(), config.calls().maxDuration().toMillis(), config.calls().linger().toMillis(),
            config.limits().maxMessageSize(), config.limits().maxHeaders(), config.limits().maxStartLine(),
            registrationSettings(config.registrations()));
    }

    private static RegistrationSettings registrationSettings(RegistrationsConfig registrations) {
        int keepalive = switch (registrations.keepalive()) {
            case "options" -> RegistrationSettings.KEEPALIVE_OPTIONS;
            case "off" -> RegistrationSettings.KEEPALIVE_OFF;
            default -> RegistrationSettings.KEEPALIVE_CRLF;
        };
        return new RegistrationSettings(registrations.maxBindingsPerShard(), keepalive,
            registrations.keepaliveInterval().toMillis());
    }

    /** Total of a counter over the shards and the transport. */
    public long counter(CounterId id) {
        long total = transportCounters.get(id) + relay.counters().get(id);
        for (ShardStage shard : shards) {
            total += shard.counters().get(id);
        }
        return total;
    }

    /** Calls (and other Contact-carrying exchanges) in the tables; read racily from the shards. */
    public int activeCalls() {
        int total = 0;
        for (ShardStage shard : shards) {
            CallTable calls = shard.processor().calls();
            total += calls.size();
        }
        return total;
    }

    public String summary() {
        return String.format("requests in %d / forwarded %d, responses in %d / forwarded %d, local responses %d, "
                + "dropped: malformed %d, not ours %d, unroutable %d, source not in realm %d, ring full %d; relay denied %d; "
                + "calls started %d / ended %d / in table %d; media streams open %d, packets relayed %d, "
                + "dropped (foreign source %d, no target %d), media timeouts %d; errors %d",
            counter(CounterId.REQUESTS_RECEIVED), counter(CounterId.REQUESTS_FORWARDED),
            counter(CounterId.RESPONSES_RECEIVED), counter(CounterId.RESPONSES_FORWARDED),
            counter(CounterId.LOCAL_RESPONSES_SENT), counter(CounterId.DROPPED_MALFORMED),
            counter(CounterId.DROPPED_RESPONSE_NOT_OURS), counter(CounterId.DROPPED_RESPONSE_UNROUTABLE),
            counter(CounterId.DROPPED_SOURCE_NOT_IN_REALM), counter(CounterId.RING_FULL), counter(CounterId.RELAY_DENIED),
            counter(CounterId.CALLS_STARTED), counter(CounterId.CALLS_ENDED), activeCalls(), relay.openStreams(),
            counter(CounterId.MEDIA_PACKETS_RELAYED), counter(CounterId.MEDIA_DROPPED_FOREIGN_SOURCE),
            counter(CounterId.MEDIA_DROPPED_NO_TARGET), counter(CounterId.MEDIA_TIMEOUTS), counter(CounterId.ERRORS));
    }

    private void logSummaryIfBusy() {
        long messages = counter(CounterId.REQUESTS_RECEIVED) + counter(CounterId.RESPONSES_RECEIVED);
        if (messages != lastSummaryMessages) {
            lastSummaryMessages = messages;
            LOG.info(summary());
        }
    }

    /** Stops receiving, drains the ring, closes the sockets. Safe to call more than once. */
    @Override
    public void close() {
        if (prober != null) {
            prober.close();
        }
        if (management != null) {
            management.close();
            management = null;
        }
        endCallsInProgress();
        for (Channel face : faces) {
            if (face != null) {
                face.close().awaitUninterruptibly();
            }
        }
        if (ticker != null) {
            ticker.cancel(false);
            summary.cancel(false);
        }
        try {
            disruptor.shutdown(5, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            LOG.warning("pipeline did not drain in 5 s; halting it");
            disruptor.halt();
        } catch (IllegalStateException notStarted) {
            // start() failed before the ring ran
        }
        relay.close();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    /**
     * CONVENTIONS.md: stopping ends the calls in progress with a BYE to both sides, so that no
     * phone keeps a call whose media no longer flows; their ports are freed with them.
     */
    private void endCallsInProgress() {
        if (faces.length == 0 || faces[faces.length - 1] == null || disruptor.getRingBuffer() == null) {
            return;   // never started
        }
        long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        long byesBefore = counter(CounterId.REQUESTS_ORIGINATED);
        try {
            int remaining;
            do {
                remaining = 0;
                for (int left : ShardCalls.onEveryShard(this,
                        (shard, processor, out) -> processor.terminateSome(BYE_BATCH, ShardStage.monotonicMs(), out))) {
                    remaining += left;
                }
            } while (remaining > 0 && System.nanoTime() < deadlineNs);
            awaitShards(deadlineNs);
            long byes = counter(CounterId.REQUESTS_ORIGINATED) - byesBefore;
            if (byes > 0) {
                LOG.info("ended the calls in progress: " + byes + " BYE(s) sent");
            }
        } catch (IllegalStateException e) {
            LOG.warning("could not end every call before stopping: " + e.getMessage());
        }
    }

    /** Waits until the shards have handled (and so sent) every event published so far. */
    private void awaitShards(long deadlineNs) {
        RingBuffer<SipEvent> ring = disruptor.getRingBuffer();
        long published = ring.getCursor();
        while (ring.getMinimumGatingSequence() < published && System.nanoTime() < deadlineNs) {
            Thread.onSpinWait();
        }
    }

    public static RealmTable realmTable(AlgConfig config) {
        List<Realm> list = new ArrayList<>();
        for (int i = 0; i < config.realms().size(); i++) {
            RealmConfig rc = config.realms().get(i);
            int[] networks = new int[rc.networks().size()];
            int[] prefixes = new int[rc.networks().size()];
            for (int n = 0; n < networks.length; n++) {
                networks[n] = rc.networks().get(n).network();
                prefixes[n] = rc.networks().get(n).prefixLength();
            }
            int nextHopIp = rc.nextHop() == null ? 0 : Cidr.ipv4ToInt(rc.nextHop().host());
            int nextHopPort = rc.nextHop() == null ? 0 : rc.nextHop().port();
            list.add(new Realm(i, rc.name(), Cidr.ipv4ToInt(rc.address()), rc.port(), rc.advertised(),
                Cidr.ipv4ToInt(rc.mediaAddress()), rc.mediaAdvertised(), rc.mediaPortMin(), rc.mediaPortMax(),
                networks, prefixes, nextHopIp, nextHopPort));
        }
        return new RealmTable(list, config.aliases());
    }

    private static WaitStrategy waitStrategy(String name) {
        return switch (name) {
            case "sleeping" -> new SleepingWaitStrategy();
            case "yielding" -> new YieldingWaitStrategy();
            case "busy-spin" -> new BusySpinWaitStrategy();
            default -> new BlockingWaitStrategy();
        };
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread t = new Thread(runnable, prefix + "-" + n.getAndIncrement());
            t.setDaemon(true);
            return t;
        };
    }
}
