package org.sipalg.bench.load;

/**
 * What the receiving end of one RTP stream saw: packets, the RFC 3550 §6.4.1 interarrival jitter
 * estimate, and the one-way transit time (sender and receiver share this host's clock, so it is a
 * real latency). Receiver thread only; read after the receiver stopped.
 */
final class RtpStreamStats {
    /** G.711 at 8 kHz: the RTP timestamp counts 8 units per millisecond. */
    static final int CLOCK_RATE_HZ = 8000;
    private static final double NANOS_PER_UNIT = 1e9 / CLOCK_RATE_HZ;

    private long received;
    private boolean hasPrevious;
    private double previousTransitUnits;
    /** RFC 3550 J, in timestamp units, kept as a double instead of the RFC's scaled integer. */
    private double jitterUnits;
    private long transitNanosTotal;

    /**
     * One packet arrived.
     *
     * @param rtpTimestamp the packet's RTP timestamp (unsigned 32 bits)
     * @param arrivalNanos when it arrived ({@link System#nanoTime()})
     * @param sentNanos    when it was sent, as the sender wrote it into the payload
     */
    void onPacket(long rtpTimestamp, long arrivalNanos, long sentNanos) {
        received++;
        transitNanosTotal += arrivalNanos - sentNanos;
        // RFC 3550 §6.4.1: D(i,j) = (Rj - Ri) - (Sj - Si) = transit(j) - transit(i), in RTP units;
        // J += (|D| - J) / 16. The arrival clock is converted to RTP units first.
        double transitUnits = arrivalNanos / NANOS_PER_UNIT - rtpTimestamp;
        if (hasPrevious) {
            double difference = Math.abs(transitUnits - previousTransitUnits);
            jitterUnits += (difference - jitterUnits) / 16.0;
        }
        previousTransitUnits = transitUnits;
        hasPrevious = true;
    }

    long received() {
        return received;
    }

    /** The interarrival jitter estimate in milliseconds. */
    double jitterMillis() {
        return jitterUnits * 1000.0 / CLOCK_RATE_HZ;
    }

    /** Mean one-way transit of the packets received, in milliseconds (0 when none arrived). */
    double meanTransitMillis() {
        return received == 0 ? 0 : transitNanosTotal / 1e6 / received;
    }
}
