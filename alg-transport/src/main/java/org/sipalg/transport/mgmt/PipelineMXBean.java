package org.sipalg.transport.mgmt;

/**
 * {@code sipalg:type=Pipeline,stage=<parse|send|callSetup>}: one stage's latency over a sliding
 * window of {@link #getWindowSeconds()} seconds, in {@link #getUnit()}.
 */
public interface PipelineMXBean {
    String getStage();

    /** What is measured, from which moment to which. */
    String getDescription();

    /** {@code us} (microseconds) or {@code ms}. */
    String getUnit();

    int getWindowSeconds();

    /** Values in the window. */
    long getCount();

    double getMean();

    double getP50();

    double getP90();

    double getP99();

    double getP999();

    double getMax();
}
