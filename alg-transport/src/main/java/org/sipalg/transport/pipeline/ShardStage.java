package org.sipalg.transport.pipeline;

import java.util.logging.Level;
import java.util.logging.Logger;

import com.lmax.disruptor.EventHandler;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.sipalg.core.bytes.Ascii;
import org.sipalg.core.proxy.Outbound;
import org.sipalg.core.proxy.SipProcessor;
import org.sipalg.core.sip.SipMethod;
import org.sipalg.core.status.CounterId;
import org.sipalg.core.status.Counters;

/**
 * Runs the ALG on the events of the calls this shard owns ({@code event.shard == index}): the
 * only thread that touches its {@link SipProcessor}, so call state needs no lock. Reads the
 * received bytes in place and writes each outgoing datagram once into a pooled direct buffer.
 */
public final class ShardStage implements EventHandler<SipEvent>, Outbound {
    private static final Logger LOG = Logger.getLogger("org.sipalg.flow");
    /** Longest receive-to-processed time kept apart in the histogram: 60 s, in ns. */
    public static final long MAX_PIPELINE_NS = 60_000_000_000L;
    /** Longest INVITE-to-2xx time kept apart: the longest invite timeout the config allows is far below. */
    public static final long MAX_CALL_SETUP_MS = 3_600_000L;

    private final int index;
    private final SipProcessor processor;
    private final Counters counters;
    private final ByteBufAllocator allocator;
    private final String[] realmNames;
    private final UnsafeBuffer inView = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer outView = new UnsafeBuffer(0, 0);
    private final byte[] heapCopy = new byte[65_536];
    private SipEvent event;
    private int sent;
    private ByteBuf claimed;
    private final LatencyProbe parseLatency = new LatencyProbe(MAX_PIPELINE_NS);
    private final LatencyProbe sendLatency = new LatencyProbe(MAX_PIPELINE_NS);
    private final FaceSender sender;
    private final LatencyProbe callSetupLatency = new LatencyProbe(MAX_CALL_SETUP_MS);

    /** @param faces each realm's socket, by realm index (filled in when the faces are bound) */
    public ShardStage(int index, SipProcessor processor, Counters counters, ByteBufAllocator allocator, String[] realmNames,
                      Channel[] faces) {
        this.index = index;
        this.sender = new FaceSender(faces);
        this.processor = processor;
        this.counters = counters;
        this.allocator = allocator;
        this.realmNames = realmNames;
    }

    public SipProcessor processor() {
        return processor;
    }

    public Counters counters() {
        return counters;
    }

    /** Receive (socket) to processed (parsed, routed, rewritten) per datagram, in ns. */
    public LatencyProbe parseLatency() {
        return parseLatency;
    }

    /** Receive (socket) to handed back to a face's socket, per datagram that produced output, in ns. */
    public LatencyProbe sendLatency() {
        return sendLatency;
    }

    /** INVITE to its 2xx per call, in ms. */
    public LatencyProbe callSetupLatency() {
        return callSetupLatency;
    }

    @Override
    public void onEvent(SipEvent event, long sequence, boolean endOfBatch) {
        if (event.type == SipEvent.TICK) {
            processor.onTick(monotonicMs(), this);
        } else if (event.type == SipEvent.COMMAND && (event.shard == index || event.shard == SipEvent.ALL_SHARDS)) {
            runCommand(event);
        } else if (event.type == SipEvent.DATAGRAM && event.shard == index) {
            onDatagram(event);
        }
        if (endOfBatch) {
            sender.flush();
        }
    }

    private void onDatagram(SipEvent event) {
        this.event = event;
        sent = 0;
        try {
            int length = BufferViews.wrapReadable(inView, event.datagram, heapCopy);
            int outcome = processor.onDatagram(inView, 0, length, event.realm, event.sourceIp, event.sourcePort,
                monotonicMs(), this);
            long doneNs = System.nanoTime();
            parseLatency.record(doneNs - event.receivedNs);
            if (processor.lastCallSetupMs() >= 0) {
                callSetupLatency.record(processor.lastCallSetupMs());
            }
            if (sent > 0) {
                sendLatency.record(System.nanoTime() - event.receivedNs);
            }
            if (LOG.isLoggable(Level.FINE)) {
                LOG.fine(describe(outcome));
            }
        } catch (RuntimeException e) {
            // A bug must not stop the ring: count it, log it, give back what this event holds.
            counters.increment(CounterId.ERRORS);
            abort();
            LOG.log(Level.WARNING, "shard " + index + ": error handling a datagram", e);
        } finally {
            // The owning shard is the last to touch the received bytes: the ring keeps no buffer.
            event.datagram.release();
            event.datagram = null;
            this.event = null;
        }
    }

    private void runCommand(SipEvent event) {
        this.event = event;
        try {
            event.command.run(index, processor, this);
        } catch (RuntimeException e) {
            counters.increment(CounterId.ERRORS);
            abort();
            LOG.log(Level.WARNING, "shard " + index + ": command failed", e);
        } finally {
            this.event = null;
        }
    }

    /** Timers run on the monotonic clock: a wall-clock step must not end or stretch calls. */
    public static long monotonicMs() {
        return System.nanoTime() / 1_000_000;
    }

    @Override
    public MutableDirectBuffer claim(int maxLength) {
        abort();
        claimed = allocator.directBuffer(maxLength);
        if (claimed.hasMemoryAddress()) {
            outView.wrap(claimed.memoryAddress(), claimed.capacity());
        } else {
            outView.wrap(claimed.nioBuffer(0, claimed.capacity()));
        }
        return outView;
    }

    @Override
    public void send(int length, int realm, int ipv4, int port) {
        ByteBuf buf = claimed;
        claimed = null;
        buf.writerIndex(length);
        sender.send(buf, realm, ipv4, port);
        sent++;
    }

    @Override
    public void abort() {
        if (claimed != null) {
            claimed.release();
            claimed = null;
        }
    }

    /** Only when DEBUG is on: one line per message. */
    private String describe(int outcome) {
        var m = processor.message();
        StringBuilder line = new StringBuilder(160);
        if (m.isRequest()) {
            line.append(SipMethod.name(m.method()));
            if (m.method() == SipMethod.OTHER) {
                line.append('(').append(m.buffer().getStringWithoutLengthAscii(m.methodOffset(), m.methodLength())).append(')');
            }
        } else if (m.statusCode() > 0) {
            line.append(m.statusCode()).append(' ').append(SipMethod.name(m.cseqMethod()));
        } else {
            line.append("unparsable");
        }
        line.append(' ').append(realmNames[event.realm]).append(' ')
            .append(Ascii.ipv4ToString(event.sourceIp)).append(':').append(event.sourcePort);
        switch (outcome) {
            case SipProcessor.FORWARDED -> line.append(" -> ");
            case SipProcessor.ANSWERED -> line.append(" answered ").append(processor.lastStatus()).append(" -> ");
            case SipProcessor.DROPPED -> line.append(" dropped");
            default -> line.append(" ignored");
        }
        if (processor.lastEgress() >= 0) {
            line.append(realmNames[processor.lastEgress()]).append(' ')
                .append(Ascii.ipv4ToString(processor.lastIp())).append(':').append(processor.lastPort());
        }
        if (m.hasCallId() && outcome != SipProcessor.DROPPED) {
            line.append(" call-id=").append(m.buffer().getStringWithoutLengthAscii(m.callIdOffset(), m.callIdLength()));
        }
        return line.toString();
    }
}
