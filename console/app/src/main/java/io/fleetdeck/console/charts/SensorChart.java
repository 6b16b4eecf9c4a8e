package io.fleetdeck.console.charts;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.spi.DefaultNumericAxis;
import io.fair_acc.chartfx.plugins.DataPointTooltip;
import io.fair_acc.chartfx.plugins.XValueIndicator;
import io.fair_acc.chartfx.plugins.Zoomer;
import io.fair_acc.chartfx.renderer.ErrorStyle;
import io.fleetdeck.console.ingest.PendingSamples;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One sensor's live chart: a rolling time window backed by a FIFO data set that forgets points older than the
 * window by itself. Zoom with a left-drag, step back with a right-click; a zoomed chart stops following the live
 * edge until zoomed out.
 */
final class SensorChart {
    private final SensorSeries series;
    private final SensorDataSet data;
    private final XYChart chart;
    private final Zoomer zoomer = new Zoomer();
    private final List<XValueIndicator> markers = new ArrayList<>();
    /** Live points wait until history is drawn, so the data set stays ordered by time. */
    private boolean historyShown;
    /** The newest x in the data set, for breaking the line at a gap; NaN while empty. */
    private double lastX = Double.NaN;
    /**
     * True until the first live points follow the history. Readings that arrived just before the chart subscribed
     * but were committed only after its history query are in neither, so the seam may lack a second or two that the
     * history has: not a gap in the device's record, so the line breaks there only for a wider gap.
     */
    private boolean atSeam;

    SensorChart(SensorSeries series, int windowSeconds) {
        this.series = series;
        this.data = new SensorDataSet(series.sensor().label(), 4096, windowSeconds);
        DefaultNumericAxis time = new DefaultNumericAxis("time");
        time.setUnit(null);
        time.setTimeAxis(true);
        time.setAutoRangeRounding(false);
        String unit = series.sensor().unit();
        DefaultNumericAxis value = new DefaultNumericAxis(series.sensor().label(), unit.isEmpty() ? null : unit);
        value.setForceZeroInRange(false);
        value.setAutoRangePadding(0.1);
        chart = new XYChart(time, value);
        chart.setLegend(new NoLegend());
        chart.getStyleClass().add("sensor-chart");
        chart.setId("chart-" + series.sensor().id());
        chart.getPlugins().addAll(zoomer, new DataPointTooltip());
        GriddedLineRenderer renderer = new GriddedLineRenderer(new SolidGridLines(chart));
        chart.getRenderers().setAll(renderer);
        renderer.setErrorStyle(ErrorStyle.NONE);
        renderer.setDrawMarker(false);
        // A chart holds at most a few thousand points (the history comes decimated): computing them on the FX thread
        // is cheaper than handing them to ChartFX's pool and keeps every data set on one thread.
        renderer.setParallelImplementation(false);
        // A NaN point ends the line: gaps in the record are drawn as gaps (see ChartGaps).
        renderer.setAllowNaNs(true);
        chart.getDatasets().add(data);
        // ChartFX has its canvases drawn through an image cache. A canvas already is an image: the cache only added a
        // copy of each canvas on every redraw (the time axis and the plot redraw with every new point).
        chart.getCanvas().setCache(false);
        time.getCanvas().setCache(false);
        value.getCanvas().setCache(false);
    }

    /** Moves whatever arrived since the last pulse into the data set; one change event per pulse. */
    void drain() {
        if (!historyShown) {
            return;
        }
        PendingSamples.Drained drained = series.pending().drain();
        if (drained != null) {
            double gap = ChartGaps.liveGapSeconds(series.sensor().periodMs());
            if (atSeam) {
                gap += ChartGaps.SEAM_SLACK_SECONDS;
                atSeam = false;
            }
            append(drained.xs(), drained.ys(), gap);
        }
    }

    /** Draws history decimated to {@code points} points over {@code windowSeconds}, then lets live points through. */
    void showHistory(double[] xs, double[] ys, double windowSeconds, int points) {
        append(xs, ys, ChartGaps.historyGapSeconds(series.sensor().periodMs(), windowSeconds, points));
        historyShown = true;
        atSeam = true;
    }

    /** Gives up waiting for history (it failed); live points flow from now on. */
    void skipHistory() {
        historyShown = true;
    }

    private void append(double[] xs, double[] ys, double gapSeconds) {
        if (xs.length == 0) {
            return;
        }
        double[][] broken = ChartGaps.withBreaks(lastX, xs, ys, gapSeconds);
        int n = broken[0].length;
        data.add(broken[0], broken[1], new double[n], new double[n]);
        lastX = xs[xs.length - 1];
    }

    /** One vertical marker per firmware change, labelled with its version; replaces the previous ones. */
    void showFirmwareChanges(List<FirmwareChange> changes) {
        chart.getPlugins().removeAll(markers);
        markers.clear();
        for (FirmwareChange change : changes) {
            XValueIndicator marker = new XValueIndicator(chart.getXAxis(), change.atMs() / 1000.0, change.label());
            marker.setEditable(false);
            // The label near the top of the line, clear of the time axis' labels, and left of it: a recent update
            // sits at the live edge, where a label to its right would be cut off.
            marker.setLabelPosition(0.95);
            marker.setLabelHorizontalAnchor(javafx.geometry.HPos.RIGHT);
            markers.add(marker);
        }
        chart.getPlugins().addAll(markers);
    }

    /** The firmware change markers drawn now. */
    List<XValueIndicator> firmwareMarkers() {
        return List.copyOf(markers);
    }

    void setWindowSeconds(int seconds) {
        data.setMaxDistance(seconds);
    }

    void resetZoom() {
        zoomer.zoomOrigin();
    }

    /**
     * The time range the chart shows now (zoomed or following the live edge), widened to whole milliseconds so the
     * readings at both edges are in; empty before the axis has a range.
     */
    Optional<TimeRange> visibleRange() {
        double min = chart.getXAxis().getMin();
        double max = chart.getXAxis().getMax();
        if (!Double.isFinite(min) || !Double.isFinite(max) || min <= 0 || max <= min) {
            return Optional.empty();
        }
        return Optional.of(new TimeRange((long) Math.floor(min * 1000), (long) Math.ceil(max * 1000)));
    }

    int pointCount() {
        return data.getDataCount();
    }

    XYChart node() {
        return chart;
    }

    SensorSeries series() {
        return series;
    }
}
