package org.sipalg.bench;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.sipalg.core.proxy.SipProcessor;
import org.sipalg.core.sip.SipMessage;
import org.sipalg.core.status.Counters;
import org.sipalg.core.testing.CapturingOutbound;
import org.sipalg.core.testing.Fixtures;

/**
 * RFC 3665 §3.5 F1 (CONVENTIONS.md reference message): parse alone, and parse + route + rewrite
 * (Via, Route, Record-Route, Contact, SDP, Content-Length) into an outbound buffer.
 * Run with {@code ./scripts/bench SipProcessorBenchmark -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED")
public class SipProcessorBenchmark {
    private final SipMessage message = new SipMessage();
    private final CapturingOutbound out = new CapturingOutbound().recording(false);
    private SipProcessor processor;
    private UnsafeBuffer f1;
    private int f1Length;

    @Setup
    public void setUp() {
        byte[] bytes = Fixtures.message("rfc3665-3.5/F1-invite.sip").getBytes(StandardCharsets.US_ASCII);
        f1 = new UnsafeBuffer(bytes);
        f1Length = bytes.length;
        processor = new SipProcessor(Fixtures.defaultSettings(), new Counters(), 0);
    }

    @Benchmark
    public int parseF1() {
        return message.parse(f1, 0, f1Length);
    }

    /** A retransmitted F1: the call exists, so this is parse + rewrite + write, no state change. */
    @Benchmark
    public int parseAndRewriteF1() {
        return processor.onDatagram(f1, 0, f1Length, Fixtures.INSIDE, Fixtures.ALICE_IP, Fixtures.ALICE_PORT, 1_000, out);
    }
}
