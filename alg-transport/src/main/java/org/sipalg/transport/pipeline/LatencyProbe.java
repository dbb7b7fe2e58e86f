package org.sipalg.transport.pipeline;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * One stage's latency as its own thread sees it: {@link #record} is wait-free and allocation-free
 * (a fixed-range HdrHistogram behind a writer/reader phaser), and a management thread takes the
 * recorded interval with {@link #takeInterval} without stopping the writer.
 *
 * <p>{@link #record}: the owning stage thread only. {@link #takeInterval}: one reader thread at a time.
 */
public final class LatencyProbe {
    /** 1% resolution is plenty for p50..p99.9 and keeps each histogram a few tens of kB. */
    public static final int SIGNIFICANT_DIGITS = 2;

    private final SingleWriterRecorder recorder;
    private final long highestValue;

    /** @param highestValue larger values are recorded as this (the recorder would throw on them) */
    public LatencyProbe(long highestValue) {
        this.recorder = new SingleWriterRecorder(highestValue, SIGNIFICANT_DIGITS);
        this.highestValue = highestValue;
    }

    public long highestValue() {
        return highestValue;
    }

    public void record(long value) {
        recorder.recordValue(value < 0 ? 0 : Math.min(value, highestValue));
    }

    /**
     * What was recorded since the last call, in {@code recycle} (a histogram this probe returned
     * before, or null the first time). Reader thread only.
     */
    public Histogram takeInterval(Histogram recycle) {
        return recorder.getIntervalHistogram(recycle);
    }
}
