package io.fleetdeck.console.charts;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.spi.DefaultNumericAxis;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(ApplicationExtension.class)
class OwnReadsDataSetLockTest {

    /** The freeze we had: a layout outside a pulse leaves ChartFX's read locks held until the next pulse. */
    @Test
    void theFxThreadAddsPointsRightAfterAChartWasLaidOutOutsideAPulse() throws Exception {
        SensorDataSet data = new SensorDataSet("cpu", 64, 300);
        CompletableFuture<Integer> count = new CompletableFuture<>();
        WaitForAsyncUtils.asyncFx(() -> {
            XYChart chart = new XYChart(new DefaultNumericAxis(), new DefaultNumericAxis());
            chart.getDatasets().add(data);
            Stage stage = new Stage();
            stage.setScene(new Scene(new StackPane(chart), 400, 300));
            stage.show();
            chart.applyCss();
            chart.layout();
            data.add(new double[] {1, 2, 3}, new double[] {4, 5, 6}, new double[3], new double[3]);
            count.complete(data.getDataCount());
            stage.close();
        });
        assertThat(count.get(10, TimeUnit.SECONDS)).isEqualTo(3);
    }

    @Test
    void aWriterWaitsForOtherThreadsReadersAndReadersForAWriter() throws Exception {
        SensorDataSet data = new SensorDataSet("cpu", 64, 300);
        OwnReadsDataSetLock<?> lock = (OwnReadsDataSetLock<?>) data.lock();
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread reader = Thread.ofPlatform().start(() -> lock.readLockGuard(() -> {
            reading.countDown();
            await(release);
        }));
        reading.await();

        CompletableFuture<Void> written = CompletableFuture.runAsync(() -> lock.writeLockGuard(() -> { }));
        Thread.sleep(200);
        assertThat(written).isNotDone();
        release.countDown();
        written.get(10, TimeUnit.SECONDS);
        reader.join();

        lock.writeLock();
        CompletableFuture<Void> read = CompletableFuture.runAsync(() -> lock.readLockGuard(() -> { }));
        Thread.sleep(200);
        assertThat(read).isNotDone();
        lock.writeUnLock();
        read.get(10, TimeUnit.SECONDS);
    }

    @Test
    void locksAreReentrantAndUnlockingWhatIsNotHeldIsRefused() {
        OwnReadsDataSetLock<?> lock = (OwnReadsDataSetLock<?>) new SensorDataSet("cpu", 64, 300).lock();
        lock.readLock();
        lock.readLock();
        lock.writeLock();
        lock.writeLock();
        lock.readLock();
        lock.readUnLock();
        lock.writeUnLock();
        lock.writeUnLock();
        lock.readUnLock();
        lock.readUnLock();

        assertThatThrownBy(lock::readUnLock).isInstanceOf(IllegalMonitorStateException.class)
                .hasMessageContaining("holds no read lock on cpu");
        assertThatThrownBy(lock::writeUnLock).isInstanceOf(IllegalMonitorStateException.class)
                .hasMessageContaining("holds no write lock on cpu");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
