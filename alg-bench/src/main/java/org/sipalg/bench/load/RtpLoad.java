package org.sipalg.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Media load through an element (sip-alg, or Kamailio with rtpengine), or with no element at all:
 * makes N calls with its own SIP UAC (Alice) and UAS (Bob) on the CONVENTIONS.md addresses, takes
 * the relay ports from the SDP each side receives, then sends one G.711-sized RTP stream each way
 * per call for S seconds and reports packets relayed per second, loss, RFC 3550 interarrival jitter
 * and one-way transit. Run by {@code ./scripts/load --media N}; by hand:
 * <pre>
 * java -cp alg-bench/target/benchmarks.jar org.sipalg.bench.load.RtpLoad --calls 50 --seconds 10 --target 127.0.1.1:5060
 * </pre>
 * The last line of the output is {@code result key=value ...} for the script. Exit code 0 when every
 * call was answered, 1 otherwise, 2 on bad arguments.
 */
public final class RtpLoad {
    private static final long RETRANSMIT_MILLIS = 500;
    private static final long SETUP_DEADLINE_MILLIS = 10_000;

    private int calls = 10;
    private int seconds = 10;
    private int callsPerSecond = 100;
    private InetSocketAddress target = new InetSocketAddress("127.0.1.1", 5060);
    private InetSocketAddress alice = new InetSocketAddress("127.0.1.10", 5061);
    private InetSocketAddress bob = new InetSocketAddress("127.0.2.10", 5062);
    private int aliceRtpBase = 6000;
    private int bobRtpBase = 7000;

    public static void main(String[] args) throws Exception {
        RtpLoad load = new RtpLoad();
        try {
            load.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("rtpload: " + e.getMessage());
            System.err.println("usage: RtpLoad [--calls N] [--seconds S] [--cps R] [--target IP:PORT]"
                    + " [--alice IP:PORT] [--bob IP:PORT] [--alice-rtp PORT] [--bob-rtp PORT]");
            System.exit(2);
        }
        System.exit(load.run());
    }

    private void parse(String[] args) {
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            String value = args[i + 1];
            switch (args[i]) {
                case "--calls" -> calls = positive(args[i], value);
                case "--seconds" -> seconds = positive(args[i], value);
                case "--cps" -> callsPerSecond = positive(args[i], value);
                case "--target" -> target = address(value);
                case "--alice" -> alice = address(value);
                case "--bob" -> bob = address(value);
                case "--alice-rtp" -> aliceRtpBase = positive(args[i], value);
                case "--bob-rtp" -> bobRtpBase = positive(args[i], value);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (aliceRtpBase + 2 * calls > 65_535 || bobRtpBase + 2 * calls > 65_535) {
            throw new IllegalArgumentException("too many calls for the RTP port bases");
        }
    }

    private int run() throws IOException, InterruptedException {
        String runId = Long.toString(System.currentTimeMillis(), 36);
        List<LoadCall> all = new ArrayList<>(calls);
        for (int i = 0; i < calls; i++) {
            // even ports, as RTP wants (RFC 3550 §11), the odd one above left for RTCP
            all.add(new LoadCall(i, runId,
                    new InetSocketAddress(alice.getAddress(), aliceRtpBase + 2 * i),
                    new InetSocketAddress(bob.getAddress(), bobRtpBase + 2 * i)));
        }
        try (SipBob uas = new SipBob(bob, all); SipAlice uac = new SipAlice(alice, target, bob, all)) {
            setUp(uac, all);
            List<LoadCall> answered = all.stream()
                    .filter(c -> c.answered && c.aliceSendsTo != null && c.bobSendsTo != null).toList();
            System.out.printf(Locale.ROOT, "calls answered with SDP both ways: %d of %d%n", answered.size(), calls);
            if (!answered.isEmpty()) {
                LoadCall first = answered.get(0);
                System.out.printf(Locale.ROOT, "call 0 media: Alice %s sends to %s, Bob %s sends to %s%n",
                        first.aliceRtp, first.aliceSendsTo, first.bobRtp, first.bobSendsTo);
            }
            Report report;
            try (RtpMedia media = new RtpMedia(answered)) {
                media.run(seconds);
                report = Report.of(answered, media.endpoints(), seconds);
            }
            hangUp(uac, answered);
            report.print(calls);
            return answered.size() == calls ? 0 : 1;
        }
    }

    /** INVITEs at callsPerSecond, then INVITE retransmissions every 500 ms until answered or 10 s. */
    private void setUp(SipAlice uac, List<LoadCall> all) throws InterruptedException {
        long intervalNanos = 1_000_000_000L / callsPerSecond;
        long start = System.nanoTime();
        for (LoadCall call : all) {
            long due = start + call.index * intervalNanos;
            long waitNanos = due - System.nanoTime();
            if (waitNanos > 0) {
                Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
            }
            uac.invite(call);
        }
        long deadline = System.currentTimeMillis() + SETUP_DEADLINE_MILLIS;
        while (System.currentTimeMillis() < deadline && all.stream().anyMatch(c -> !c.answered)) {
            Thread.sleep(RETRANSMIT_MILLIS);
            all.stream().filter(c -> !c.answered).forEach(uac::invite);
        }
    }

    private static void hangUp(SipAlice uac, List<LoadCall> answered) throws InterruptedException {
        answered.forEach(uac::bye);
        long deadline = System.currentTimeMillis() + SETUP_DEADLINE_MILLIS;
        while (System.currentTimeMillis() < deadline && answered.stream().anyMatch(c -> !c.byeAnswered)) {
            Thread.sleep(RETRANSMIT_MILLIS);
            answered.stream().filter(c -> !c.byeAnswered).forEach(uac::bye);
        }
        long unanswered = answered.stream().filter(c -> !c.byeAnswered).count();
        if (unanswered > 0) {
            System.out.printf(Locale.ROOT, "BYE unanswered: %d%n", unanswered);
        }
    }

    private record Report(int answered, long sent, long received, long sendsRefused, int seconds,
                          double meanJitterMs, double maxJitterMs, double meanTransitMs,
                          double setupP50Ms, double setupP99Ms) {

        static Report of(List<LoadCall> answered, List<RtpMedia.Endpoint> endpoints, int seconds) {
            long sent = 0;
            long received = 0;
            long refused = 0;
            double jitterSum = 0;
            double jitterMax = 0;
            double transitWeighted = 0;
            int streamsReceived = 0;
            for (RtpMedia.Endpoint endpoint : endpoints) {
                sent += endpoint.sent;
                refused += endpoint.sendsRefused;
                long got = endpoint.received.received();
                received += got;
                if (got > 0) {
                    streamsReceived++;
                    jitterSum += endpoint.received.jitterMillis();
                    jitterMax = Math.max(jitterMax, endpoint.received.jitterMillis());
                    transitWeighted += endpoint.received.meanTransitMillis() * got;
                }
            }
            double[] setup = answered.stream().mapToDouble(LoadCall::setupMillis).sorted().toArray();
            return new Report(answered.size(), sent, received, refused, seconds,
                    streamsReceived == 0 ? 0 : jitterSum / streamsReceived, jitterMax,
                    received == 0 ? 0 : transitWeighted / received,
                    percentile(setup, 50), percentile(setup, 99));
        }

        void print(int calls) {
            double lossPercent = sent == 0 ? 0 : 100.0 * (sent - received) / sent;
            System.out.printf(Locale.ROOT, "streams: %d (2 per call), packets sent %d (%d refused by the socket),"
                            + " received %d, loss %.3f %%%n", 2 * answered, sent, sendsRefused, received, lossPercent);
            System.out.printf(Locale.ROOT, "relayed %.0f packets/s; jitter (RFC 3550) mean %.3f ms, max %.3f ms;"
                            + " one-way transit mean %.3f ms; setup p50 %.2f ms, p99 %.2f ms%n",
                    received / (double) seconds, meanJitterMs, maxJitterMs, meanTransitMs, setupP50Ms, setupP99Ms);
            System.out.printf(Locale.ROOT, "result calls=%d answered=%d sent=%d received=%d received_per_s=%.0f"
                            + " loss_percent=%.3f jitter_ms=%.3f jitter_max_ms=%.3f transit_ms=%.3f"
                            + " setup_p50_ms=%.2f setup_p99_ms=%.2f%n",
                    calls, answered, sent, received, received / (double) seconds, lossPercent,
                    meanJitterMs, maxJitterMs, meanTransitMs, setupP50Ms, setupP99Ms);
        }
    }

    /** Nearest-rank percentile of sorted values; 0 for none. */
    static double percentile(double[] sorted, int percent) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
    }

    private static int positive(String option, String value) {
        try {
            int parsed = Integer.parseInt(value);
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + ": a positive whole number expected, got " + value);
    }

    private static InetSocketAddress address(String value) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("IP:PORT expected, got " + value);
        }
        InetSocketAddress parsed = new InetSocketAddress(value.substring(0, colon), positive("port", value.substring(colon + 1)));
        if (parsed.isUnresolved() || !parsed.getAddress().isLoopbackAddress()) {
            // the load stays on this machine (CONVENTIONS.md): never a target outside 127.0.0.0/8
            throw new IllegalArgumentException("a loopback address expected, got " + value);
        }
        return parsed;
    }
}
