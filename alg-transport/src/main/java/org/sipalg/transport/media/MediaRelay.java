package org.sipalg.transport.media;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.sipalg.core.media.MediaKeys;
import org.sipalg.core.route.RealmTable;
import org.sipalg.core.status.CounterId;
import org.sipalg.core.status.Counters;

/**
 * The RTP/RTCP relay: one thread that owns every relay socket and stream (single writer), in the
 * shape of an Aeron agent's duty cycle: apply the shards' commands, relay what the sockets hold,
 * sweep for silent calls once a second, block in the selector when there is nothing to do.
 *
 * <p>Why NIO and not Netty here: Netty's datagram read wraps every packet in a new
 * {@code DatagramPacket}; a relayed RTP packet must cost no allocation, and a
 * {@code DatagramChannel} read/send with a direct buffer and {@code Selector.select(Consumer)}
 * allocates nothing (measured in MediaRelayAllocationTest).
 */
public final class MediaRelay implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger("org.sipalg.media");
    private static final int COMMAND_QUEUE = 65_536;
    private static final int COMMANDS_PER_CYCLE = 1_024;
    private static final int PACKETS_PER_READY_KEY = 32;
    private static final long SWEEP_INTERVAL_NS = TimeUnit.SECONDS.toNanos(1);
    private static final long IDLE_SELECT_MS = 100;

    /** Where the relay reports a silent stream; called on the relay thread. */
    public interface TimeoutListener {
        void onMediaTimeout(long streamKey);
    }

    private final RealmTable realms;
    private final Counters counters = new Counters();
    private final long timeoutNs;
    private final TimeoutListener timeouts;
    private final Selector selector;
    private final ManyToOneConcurrentArrayQueue<RelayCommand> commands = new ManyToOneConcurrentArrayQueue<>(COMMAND_QUEUE);
    private final Long2ObjectHashMap<RelayStream> streams = new Long2ObjectHashMap<>();
    private final ByteBuffer packet = ByteBuffer.allocateDirect(64 * 1024);
    private final Consumer<SelectionKey> onReady = this::onReady;
    private final Consumer<RelayCommand> onCommand = this::apply;
    private final Thread thread;
    private volatile boolean running = true;
    private long nowNs;
    private long nextSweepNs;

    public MediaRelay(RealmTable realms, long timeoutNs, TimeoutListener timeouts) throws IOException {
        this.realms = realms;
        this.timeoutNs = timeoutNs;
        this.timeouts = timeouts;
        this.selector = Selector.open();
        this.thread = new Thread(this::run, "sipalg-media");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    public Counters counters() {
        return counters;
    }

    public RealmTable realms() {
        return realms;
    }

    long threadId() {
        return thread.getId();
    }

    /** Any thread: queues a command for the relay thread and wakes it. */
    void submit(RelayCommand command) {
        if (!commands.offer(command)) {
            counters.incrementShared(CounterId.ERRORS);
            command.discard();
            LOG.warning("relay command queue full: command dropped");
            return;
        }
        selector.wakeup();
    }

    private void run() {
        nowNs = System.nanoTime();
        nextSweepNs = nowNs + SWEEP_INTERVAL_NS;
        while (running) {
            try {
                int work = commands.drain(onCommand, COMMANDS_PER_CYCLE);
                work += selector.selectNow(onReady);
                nowNs = System.nanoTime();
                if (nowNs - nextSweepNs >= 0) {
                    sweep();
                }
                if (work == 0) {
                    selector.select(onReady, IDLE_SELECT_MS);
                    nowNs = System.nanoTime();
                }
            } catch (IOException | RuntimeException e) {
                counters.increment(CounterId.ERRORS);
                LOG.log(Level.WARNING, "media relay cycle failed", e);
            }
        }
        for (RelayStream stream : streams.values()) {
            stream.close();
        }
        streams.clear();
        try {
            selector.close();
        } catch (IOException ignored) {
            // shutting down
        }
    }

    private void onReady(SelectionKey key) {
        if (!commands.isEmpty()) {
            // A command may re-aim this very stream (a re-INVITE moved a party): apply it first. The
            // key stays ready (level-triggered), so the next selectNow hands the packet back.
            return;
        }
        RelayLeg leg = (RelayLeg) key.attachment();
        DatagramChannel channel = (DatagramChannel) key.channel();
        try {
            for (int i = 0; i < PACKETS_PER_READY_KEY; i++) {
                packet.clear();
                InetSocketAddress source = (InetSocketAddress) channel.receive(packet);
                if (source == null) {
                    return;
                }
                packet.flip();
                leg.stream.onPacket(leg.side, leg.kind, source, packet, nowNs, counters);
            }
        } catch (IOException e) {
            // ICMP port unreachable from a peer that went away surfaces here; the socket stays usable.
            counters.increment(CounterId.SEND_FAILED);
        }
    }

    private void apply(RelayCommand command) {
        switch (command.type) {
            case RelayCommand.OPEN -> open(command);
            case RelayCommand.TARGET -> {
                RelayStream stream = streams.get(command.key);
                if (stream != null) {
                    stream.target(command.side, command.target);
                }
            }
            case RelayCommand.COMMIT -> {
                RelayStream stream = streams.get(command.key);
                if (stream != null) {
                    stream.commit(nowNs);
                }
            }
            case RelayCommand.CLOSE -> {
                RelayStream stream = streams.remove(command.key);
                if (stream != null) {
                    stream.close();
                    counters.increment(CounterId.MEDIA_STREAMS_CLOSED);
                }
            }
            case RelayCommand.SNAPSHOT -> {
                java.util.Map<Long, Long> packets = new java.util.HashMap<>();
                for (RelayStream stream : streams.values()) {
                    packets.merge(MediaKeys.callKey(stream.key), stream.packets(0) + stream.packets(1), Long::sum);
                }
                command.answer.complete(packets);
            }
            case RelayCommand.RESET -> counters.reset();
            default -> throw new IllegalStateException("relay command " + command.type);
        }
    }

    private void open(RelayCommand command) {
        RelayStream stream = new RelayStream(command.key, command.channels,
            realms.get(command.callerRealm), realms.get(command.calleeRealm), nowNs);
        try {
            for (int side = 0; side < 2; side++) {
                for (int kind = 0; kind < 2; kind++) {
                    command.channels[side][kind].register(selector, SelectionKey.OP_READ, new RelayLeg(stream, side, kind));
                }
            }
        } catch (ClosedChannelException e) {
            stream.close();
            counters.increment(CounterId.ERRORS);
            return;
        }
        RelayStream previous = streams.put(command.key, stream);
        if (previous != null) {
            previous.close();   // a key is never reused while open; closing keeps the ports honest if it were
        }
        counters.increment(CounterId.MEDIA_STREAMS_OPENED);
    }

    private void sweep() {
        nextSweepNs = nowNs + SWEEP_INTERVAL_NS;
        for (RelayStream stream : streams.values()) {
            if (stream.timedOut(nowNs, timeoutNs)) {
                timeouts.onMediaTimeout(stream.key);
            }
        }
    }

    /**
     * Packets relayed per call (both sides, all streams), keyed by {@link MediaKeys#callKey}.
     * Management threads only: asks the relay thread and waits for its answer.
     */
    public java.util.Map<Long, Long> packetsPerCall(long timeoutMs) {
        java.util.concurrent.CompletableFuture<java.util.Map<Long, Long>> answer = new java.util.concurrent.CompletableFuture<>();
        submit(RelayCommand.snapshot(answer));
        try {
            return answer.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return java.util.Map.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Map.of();
        }
    }

    /** Zeroes the relay's counters, on the relay thread (their single writer). */
    public void resetCounters() {
        submit(RelayCommand.reset());
    }

    /** Streams open now (racy read for management). */
    public int openStreams() {
        return streams.size();
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        RelayCommand command;
        while ((command = commands.poll()) != null) {
            command.discard();
        }
    }

    /** Which stream and side a socket belongs to. */
    private record RelayLeg(RelayStream stream, int side, int kind) {
    }

}
