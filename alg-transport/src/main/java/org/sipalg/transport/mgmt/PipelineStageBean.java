package org.sipalg.transport.mgmt;

import org.HdrHistogram.Histogram;

/** {@link PipelineMXBean} over one stage's {@link LatencyWindow}; values are scaled to {@code unit}. */
final class PipelineStageBean implements PipelineMXBean {
    private final String stage;
    private final String description;
    private final String unit;
    private final double unitScale;
    private final LatencyWindow window;

    /** @param unitScale recorded values per {@code unit} (1000 for ns shown in us) */
    PipelineStageBean(String stage, String description, String unit, double unitScale, LatencyWindow window) {
        this.stage = stage;
        this.description = description;
        this.unit = unit;
        this.unitScale = unitScale;
        this.window = window;
    }

    @Override
    public String getStage() {
        return stage;
    }

    @Override
    public String getDescription() {
        return description;
    }

    @Override
    public String getUnit() {
        return unit;
    }

    @Override
    public int getWindowSeconds() {
        return LatencyWindow.WINDOW_SECONDS;
    }

    @Override
    public long getCount() {
        return window.snapshot().getTotalCount();
    }

    @Override
    public double getMean() {
        return window.snapshot().getMean() / unitScale;
    }

    @Override
    public double getP50() {
        return percentile(50);
    }

    @Override
    public double getP90() {
        return percentile(90);
    }

    @Override
    public double getP99() {
        return percentile(99);
    }

    @Override
    public double getP999() {
        return percentile(99.9);
    }

    @Override
    public double getMax() {
        Histogram h = window.snapshot();
        return h.getTotalCount() == 0 ? 0 : h.getMaxValue() / unitScale;
    }

    private double percentile(double p) {
        Histogram h = window.snapshot();
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(p) / unitScale;
    }
}
