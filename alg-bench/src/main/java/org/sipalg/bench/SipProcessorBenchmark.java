package org.sipalg.bench;

import java.nio.charset.StandardCharsets;

import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.sipalg.core.proxy.BenchHooks;
import org.sipalg.core.proxy.SipProcessor;
import org.sipalg.core.rewrite.EditList;
import org.sipalg.core.sdp.SdpRewriter;
import org.sipalg.core.sdp.SdpView;
import org.sipalg.core.sip.ParseResult;
import org.sipalg.core.sip.SipMessage;
import org.sipalg.core.status.Counters;
import org.sipalg.core.testing.CapturingOutbound;
import org.sipalg.core.testing.Fixtures;

/**
 * RFC 3665 §3.5 F1 (CONVENTIONS.md reference message) and the F6 200 OK that answers it: parse
 * alone; parse + route + rewrite (Via, Route, Record-Route, Contact, SDP, Content-Length) into an
 * outbound buffer; and the SDP rewrite alone. {@link JainSipParserBenchmark} parses the same bytes
 * with JAIN-SIP in the same run. Run with {@code ./scripts/bench -prof gc}.
 */
@State(Scope.Thread)
public class SipProcessorBenchmark extends ReferenceBenchmark {
    private static final byte[] MEDIA_HOST = "127.0.2.1".getBytes(StandardCharsets.US_ASCII);
    private static final int[] RELAY_PORTS = {30_000, 30_002};

    private final SipMessage message = new SipMessage();
    /** F1 and the 200 OK, parsed once: the SDP benchmarks measure the SDP work alone. */
    private final SipMessage f1Message = new SipMessage();
    private final SipMessage okMessage = new SipMessage();
    private final CapturingOutbound out = new CapturingOutbound().recording(false);
    private final SdpView sdp = new SdpView();
    private final EditList edits = new EditList();
    private final UnsafeBuffer rewritten = new UnsafeBuffer(new byte[4096]);
    private SipProcessor processor;
    private UnsafeBuffer f1;
    private int f1Length;
    private UnsafeBuffer ok;
    private int okLength;

    @Setup
    public void setUp() {
        byte[] invite = BenchMessages.f1();
        f1 = new UnsafeBuffer(invite);
        f1Length = invite.length;
        processor = new SipProcessor(Fixtures.defaultSettings(), new Counters(), 0);
        byte[] answer = BenchMessages.ok200(processor, f1, f1Length);
        ok = new UnsafeBuffer(answer);
        okLength = answer.length;
        if (processor.onDatagram(ok, 0, okLength, Fixtures.OUTSIDE, Fixtures.PROXY2_IP, Fixtures.PROXY2_PORT, 1_001, out)
            != SipProcessor.FORWARDED || f1Message.parse(f1, 0, f1Length) != ParseResult.OK
            || okMessage.parse(ok, 0, okLength) != ParseResult.OK) {
            throw new IllegalStateException("F1 or the 200 OK is not forwarded: the benchmark would measure a drop");
        }
    }

    @Benchmark
    public int parseF1() {
        return message.parse(f1, 0, f1Length);
    }

    @Benchmark
    public int parse200() {
        return message.parse(ok, 0, okLength);
    }

    /**
     * F1 forwarded again on a call that exists: parse + route + rewrite + write, the 100 Trying, and
     * its transaction opened (the request kept for Timer A) and then dropped, as if its answer had
     * come, so that the next F1 is a new request and not a retransmission the ALG would absorb.
     */
    @Benchmark
    public int parseAndRewriteF1() {
        int outcome = processor.onDatagram(f1, 0, f1Length, Fixtures.INSIDE, Fixtures.ALICE_IP, Fixtures.ALICE_PORT, 1_000, out);
        BenchHooks.forgetLastTransaction(processor);
        return outcome;
    }

    /** A retransmitted F1, as the transaction layer absorbs it: parse, match, the last response again. */
    @Benchmark
    public int absorbRetransmittedF1() {
        return processor.onDatagram(f1, 0, f1Length, Fixtures.INSIDE, Fixtures.ALICE_IP, Fixtures.ALICE_PORT, 1_000, out);
    }

    /** A retransmitted 200 OK: pop our Via, route by the next one, rewrite Contact and SDP. */
    @Benchmark
    public int parseAndRewrite200() {
        return processor.onDatagram(ok, 0, okLength, Fixtures.OUTSIDE, Fixtures.PROXY2_IP, Fixtures.PROXY2_PORT, 1_001, out);
    }

    @Benchmark
    public int sdpRewriteF1() {
        return rewriteSdp(f1Message);
    }

    @Benchmark
    public int sdpRewrite200() {
        return rewriteSdp(okMessage);
    }

    /** The SDP of a parsed message: index the body, record the edits, write the rewritten body. */
    private int rewriteSdp(SipMessage message) {
        edits.clear();
        sdp.wrap(message.buffer(), message.bodyOffset(), message.bodyLength());
        SdpRewriter.rewrite(message.buffer(), sdp, MEDIA_HOST, RELAY_PORTS, edits);
        return edits.writeTo(message.buffer(), message.bodyOffset(), message.bodyOffset() + message.bodyLength(), rewritten, 0);
    }
}
