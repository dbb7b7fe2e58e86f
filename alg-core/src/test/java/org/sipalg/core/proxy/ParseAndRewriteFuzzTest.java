package org.sipalg.core.proxy;

import static org.sipalg.core.testing.Fixtures.ALICE_IP;
import static org.sipalg.core.testing.Fixtures.ALICE_PORT;
import static org.sipalg.core.testing.Fixtures.INSIDE;
import static org.sipalg.core.testing.Fixtures.OUTSIDE;
import static org.sipalg.core.testing.Fixtures.PROXY2_IP;
import static org.sipalg.core.testing.Fixtures.PROXY2_PORT;

import org.agrona.concurrent.UnsafeBuffer;
import org.sipalg.core.sip.ParseResult;
import org.sipalg.core.sip.SipMessage;
import org.sipalg.core.status.Counters;
import org.sipalg.core.testing.Fixtures;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer fuzz test of parse + route + rewrite. Properties: no exception escapes, and no read
 * outside the datagram (the buffer wraps exactly the input, and Agrona's bounds checks are on in
 * tests, so a stray read throws). A hang shows as a fuzzing timeout.
 *
 * <p>{@code ./scripts/test} runs the seeds (src/test/resources/.../ParseAndRewriteFuzzTestInputs:
 * the RFC 4475 and RFC 3665 messages) in the normal test run, then fuzzes for a bounded time in
 * the {@code fuzz} surefire execution of alg-core (JAZZER_FUZZ=1, {@code fuzz.duration}, 30s by
 * default). A longer run: {@code mvn -pl alg-core -am verify -Dfuzz.duration=30m -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false}; findings land in alg-core/src/test/resources/.../Inputs.
 */
class ParseAndRewriteFuzzTest {
    /**
     * One processor for all inputs, as in production: calls that earlier inputs started are still
     * there (a small table, short timers), so in-dialog paths get fuzzed too. Building a processor
     * per input would cost more than the work under test.
     */
    private final SipProcessor processor = new SipProcessor(
        new ProcessorSettings(Fixtures.defaultRealms(), 0, 1, 16, 50, 1_000, 50), new Counters(), 0);
    private final SipMessage parser = new SipMessage();
    private final ReparsingOutbound out = new ReparsingOutbound(new SipMessage());
    private long nowMs;

    @FuzzTest
    void parseAndRewrite(byte[] datagram) {
        UnsafeBuffer exact = new UnsafeBuffer(datagram);
        parser.parse(exact, 0, datagram.length);
        nowMs += 20;
        processor.onDatagram(exact, 0, datagram.length, INSIDE, ALICE_IP, ALICE_PORT, nowMs, out);
        processor.onDatagram(exact, 0, datagram.length, OUTSIDE, PROXY2_IP, PROXY2_PORT, nowMs, out);
        processor.onTick(nowMs, out);
    }

    /** Re-parses everything the ALG sends: the output must never break the parser either. */
    private static final class ReparsingOutbound implements Outbound {
        private final SipMessage parser;
        private UnsafeBuffer buffer = new UnsafeBuffer(new byte[0]);

        ReparsingOutbound(SipMessage parser) {
            this.parser = parser;
        }

        @Override
        public org.agrona.MutableDirectBuffer claim(int maxLength) {
            buffer = new UnsafeBuffer(new byte[maxLength]);
            return buffer;
        }

        @Override
        public void send(int length, int realm, int ipv4, int port) {
            int result = parser.parse(new UnsafeBuffer(buffer.byteArray(), 0, length), 0, length);
            if (result < 0 || result >= ParseResult.COUNT) {
                throw new IllegalStateException("unknown parse result " + result);
            }
        }

        @Override
        public void abort() {
        }
    }
}
