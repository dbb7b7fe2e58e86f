package org.sipalg.bench;

import java.text.ParseException;

import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.sipalg.core.proxy.SipProcessor;
import org.sipalg.core.status.Counters;
import org.sipalg.core.testing.Fixtures;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.parser.StringMsgParser;

/**
 * The peer of CONVENTIONS.md "Benchmarks": JAIN-SIP RI's {@link StringMsgParser} (the parser of
 * the reference Java SIP stack) parsing the same F1 and 200 OK bytes as {@link SipProcessorBenchmark},
 * body included, with the same fork settings. Benchmark scope only: nothing else depends on JAIN-SIP.
 */
@State(Scope.Thread)
public class JainSipParserBenchmark extends ReferenceBenchmark {
    private final StringMsgParser parser = new StringMsgParser();
    private byte[] f1;
    private byte[] ok;

    @Setup
    public void setUp() throws ParseException {
        f1 = BenchMessages.f1();
        SipProcessor processor = new SipProcessor(Fixtures.defaultSettings(), new Counters(), 0);
        ok = BenchMessages.ok200(processor, new UnsafeBuffer(f1), f1.length);
        if (jainSipParseF1() == null || jainSipParse200() == null) {
            throw new IllegalStateException("JAIN-SIP does not parse the reference messages");
        }
    }

    @Benchmark
    public SIPMessage jainSipParseF1() throws ParseException {
        return parser.parseSIPMessage(f1, true, false, null);
    }

    @Benchmark
    public SIPMessage jainSipParse200() throws ParseException {
        return parser.parseSIPMessage(ok, true, false, null);
    }
}
