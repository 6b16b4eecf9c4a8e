package io.fleetdeck.console.charts;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.dataset.DataSet;
import io.fleetdeck.model.SensorDescriptor;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A sensor's chart through a reboot: history and live points with gaps, drawn as separate lines. */
@ExtendWith(ApplicationExtension.class)
class SensorChartGapsTest {
    private static final double T0 = 1_800_000_000;
    private SensorChart chart;
    private SensorSeries series;

    @Start
    void start(Stage stage) {
        series = new SensorSeries(new SensorDescriptor("cpu_temp", "temperature", "°C", "CPU temperature", 1000));
        chart = new SensorChart(series, 300);
        stage.setScene(new Scene(new StackPane(chart.node()), 800, 400));
        stage.show();
    }

    @Test
    void aDeviceSilentForAMinuteBeforeTheChartOpenedIsAGapAtTheSeamToo() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> chart.showHistory(new double[] {T0, T0 + 1}, new double[] {40, 41}, 300, 2000))
                .get(10, TimeUnit.SECONDS);
        series.addLive((long) ((T0 + 61) * 1000), 42);
        WaitForAsyncUtils.asyncFx(chart::drain).get(10, TimeUnit.SECONDS);

        DataSet data = ((XYChart) chart.node()).getDatasets().getFirst();
        assertThat(data.getDataCount()).isEqualTo(4);
        assertThat(data.get(DataSet.DIM_Y, 2)).isNaN();
    }

    @Test
    void aRebootInTheHistoryAndAnOutageInTheLiveFeedEachEndTheLine() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> chart.showHistory(new double[] {T0, T0 + 1, T0 + 2, T0 + 60, T0 + 61},
                new double[] {40, 41, 42, 50, 51}, 300, 2000)).get(10, TimeUnit.SECONDS);
        // The first live reading 10 s after the history's last (the seam, where the chart may lack what was committed
        // after its history query: not a break), then the device is gone for 30 s.
        series.addLive((long) ((T0 + 71) * 1000), 52);
        series.addLive((long) ((T0 + 101) * 1000), 53);
        WaitForAsyncUtils.asyncFx(chart::drain).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();

        DataSet data = ((XYChart) chart.node()).getDatasets().getFirst();
        List<Double> ys = new ArrayList<>();
        for (int i = 0; i < data.getDataCount(); i++) {
            ys.add(data.get(DataSet.DIM_Y, i));
        }
        assertThat(ys).containsExactly(40.0, 41.0, 42.0, Double.NaN, 50.0, 51.0, 52.0, Double.NaN, 53.0);
        // The breaks do not spoil the value axis' range.
        XYChart xy = (XYChart) chart.node();
        assertThat(xy.getYAxis().getMin()).isBetween(30.0, 40.0);
        assertThat(xy.getYAxis().getMax()).isBetween(53.0, 60.0);
    }
}
