package io.fleetdeck.console.gpio.ui;

import io.fleetdeck.console.gpio.GpioBench;
import io.fleetdeck.console.gpio.GpioWriteResult;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.GpioDirection;
import io.fleetdeck.model.GpioPin;
import io.fleetdeck.model.GpioState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

class GpioBenchViewModelTest {
    private static final DeviceId DEVICE = DeviceId.of("pi-gpio");

    /** Pins as a device reports them; listeners are called on the caller's thread, as MQTT's would be. */
    private static final class ReportedPins implements GpioBench {
        private final List<Consumer<DeviceId>> listeners = new CopyOnWriteArrayList<>();
        private volatile GpioState state;

        void report(DeviceId device, boolean high) {
            if (device.equals(DEVICE)) {
                state = new GpioState(List.of(new GpioPin(17, GpioDirection.INPUT, high)),
                        System.currentTimeMillis());
            }
            listeners.forEach(listener -> listener.accept(device));
        }

        @Override
        public Optional<GpioState> state(DeviceId device) {
            return device.equals(DEVICE) ? Optional.ofNullable(state) : Optional.empty();
        }

        @Override
        public void addListener(Consumer<DeviceId> listener) {
            listeners.add(listener);
        }

        @Override
        public void removeListener(Consumer<DeviceId> listener) {
            listeners.remove(listener);
        }

        @Override
        public CompletableFuture<GpioWriteResult> write(DeviceId device, int pin, boolean high) {
            return new CompletableFuture<>();
        }
    }

    @Test
    void aFlappingInputQueuesOneRefreshForTheUiNotOneAMessage() {
        ReportedPins bench = new ReportedPins();
        List<Runnable> queuedForUi = new ArrayList<>();
        try (GpioBenchViewModel viewModel = new GpioBenchViewModel(DEVICE, bench, queuedForUi::add)) {
            for (int i = 0; i < 500; i++) {
                bench.report(DEVICE, i % 2 == 0);
            }
            bench.report(DeviceId.of("someone-else"), true);
            assertThat(queuedForUi).hasSize(1);

            queuedForUi.remove(0).run();
            assertThat(viewModel.pins()).containsExactly(new GpioPin(17, GpioDirection.INPUT, false));
            assertThat(viewModel.reportedProperty().get()).isTrue();

            bench.report(DEVICE, true);
            assertThat(queuedForUi).hasSize(1);
            queuedForUi.remove(0).run();
            assertThat(viewModel.pins()).containsExactly(new GpioPin(17, GpioDirection.INPUT, true));
        }
    }
}
