package io.fleetdeck.console.tour;

import io.fleetdeck.common.images.SimImages;
import io.fleetdeck.console.app.ConsoleRuntime;
import io.fleetdeck.console.app.ConsoleSettings;
import io.fleetdeck.console.app.FleetdeckWindow;
import io.fleetdeck.console.rollout.RolloutJob;
import io.fleetdeck.console.rollout.RolloutPlan;
import io.fleetdeck.daemon.mqtt.MqttSettings;
import io.fleetdeck.daemon.ota.OtaSettings;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.InstallState;
import io.fleetdeck.simulator.DiscoverableFleet;
import io.fleetdeck.simulator.FleetOptions;
import io.fleetdeck.simulator.SimFirmwareOptions;
import io.fleetdeck.testkit.Poll;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/**
 * Takes the README's rollout screenshots from the real window: a console with its embedded broker, twelve simulated
 * devices found over mDNS on loopback and adopted, one image rolled out to ten of them and a broken one to another.
 * Writes {@code console-rollout-midway.png} while images download, {@code console-rollout-done.png} at the end and
 * {@code console-firmware-markers.png} (a device's charts across its update, compared before and after) a minute later,
 * then {@code console-gpio-bench.png} (a device's GPIO tab: an output driven high, a write to an input refused).
 * Run by {@code assets/bin/fleetdeck-screenshots}; not a test.
 */
public final class ScreenshotTour {
    private static Path out;
    /** Only the GPIO bench's screenshot ({@code gpio} as the second argument): no rollout, a minute instead of four. */
    private static boolean gpioOnly;

    public static void main(String[] args) {
        out = Path.of(args.length > 0 ? args[0] : "assets/screenshots").toAbsolutePath();
        gpioOnly = args.length > 1 && args[1].equals("gpio");
        // Not an Application itself: a main class extending Application trips the JDK launcher's module check.
        Application.launch(TourWindow.class);
    }

    /** The JavaFX application the tour runs in. */
    public static final class TourWindow extends Application {
        @Override
        public void start(Stage stage) throws Exception {
            ScreenshotTour.start(stage);
        }
    }

    static void start(Stage stage) throws Exception {
        Path work = Files.createTempDirectory("fleetdeck-tour");
        ConsoleRuntime runtime = ConsoleRuntime.start(new ConsoleSettings(Optional.empty(), "127.0.0.1", 0,
                work.resolve("data"), 0, 10, List.of("lo"), "fleetdeck-tour"), Clock.systemUTC());
        // Boards flashed with an image carrying this console's key: adopted without their pairing codes.
        SimFirmwareOptions firmware = SimFirmwareOptions.defaults()
                .withOta(OtaSettings.defaults().withHealthTimeout(Duration.ofSeconds(30)))
                .withProvisionedKeys(runtime.provisionedKeys());
        DiscoverableFleet fleet = DiscoverableFleet.start(url -> new FleetOptions(12, 2, "lab", MqttSettings.defaults(url))
                        .withFirmware(firmware), 12, "lab", Optional.empty(), Optional.of("fleetdeck-tour"),
                Optional.of(work.resolve("devices")), List.of("lo"), "lab-bench");
        FleetdeckWindow window = new FleetdeckWindow(runtime);
        window.show(stage);
        stage.setWidth(1500);
        stage.setHeight(940);
        Thread.ofPlatform().daemon().start(() -> {
            try {
                tour(runtime, window, work);
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                fleet.close();
                runtime.close();
                Platform.exit();
            }
        });
    }

    private static void tour(ConsoleRuntime runtime, FleetdeckWindow window, Path work) throws Exception {
        List<DeviceId> ids = java.util.stream.IntStream.rangeClosed(1, 12)
                .mapToObj(i -> DeviceId.of(String.format("lab-%04d", i))).toList();
        Poll.until("devices online and announced", Duration.ofSeconds(60), () -> ids.stream().allMatch(id ->
                runtime.registry().device(id).map(d -> d.announcedKey().isPresent()
                        && d.presence().name().equals("ONLINE")).orElse(false)));
        for (DeviceId id : ids) {
            runtime.trust().adopt(id).get(30, TimeUnit.SECONDS);
        }
        Poll.until("devices adopted", Duration.ofSeconds(60), () -> ids.stream().allMatch(id ->
                runtime.registry().device(id).map(d -> d.adopted()).orElse(false)));
        onFx(() -> window.viewModel().clearSelection());
        if (gpioOnly) {
            gpioBench(runtime, window, ids.get(1));
            return;
        }
        Path good = SimImages.write(work.resolve("fleetdeck-lab-2.0.0.img.xz"), "2.0.0", 160L << 20, true).file();
        Path broken = SimImages.write(work.resolve("fleetdeck-lab-2.1.0-rc1.img.gz"), "2.1.0-rc1", 24L << 20, false)
                .file();
        RolloutPlan plan = runtime.rollouts().plan(good, ids.subList(0, 10), Optional.empty()).get(60, TimeUnit.SECONDS);
        RolloutPlan risky = runtime.rollouts().plan(broken, ids.subList(10, 11), Optional.empty())
                .get(60, TimeUnit.SECONDS);
        runtime.rollouts().start(plan).get(60, TimeUnit.SECONDS);
        runtime.rollouts().start(risky).get(60, TimeUnit.SECONDS);
        onFx(() -> window.viewModel().tile(ids.get(3)).ifPresent(window.viewModel()::select));
        Poll.until("the rollout is well under way", Duration.ofSeconds(120), () -> {
            List<RolloutJob> jobs = runtime.rollouts().jobs();
            long downloading = jobs.stream().filter(job -> job.state() == InstallState.DOWNLOADING
                    && job.fraction() > 0.15 && job.fraction() < 0.8).count();
            return downloading >= 4;
        });
        Thread.sleep(400);
        snapshot(window, out.resolve("console-rollout-midway.png"));
        Poll.until("every job has ended", Duration.ofSeconds(300), () -> runtime.rollouts().jobs().stream()
                .allMatch(job -> job.state().isFinal()));
        // On a loaded machine a device may miss its health check's deadline and roll back: only the committed ones
        // are waited for.
        List<DeviceId> committed = runtime.rollouts().jobs().stream()
                .filter(job -> job.state() == InstallState.COMMITTED).map(RolloutJob::device).toList();
        Poll.until("devices report their versions", Duration.ofSeconds(60), () -> committed.stream()
                .allMatch(id -> runtime.registry().info(id).map(i -> i.firmwareVersion().equals("2.0.0"))
                        .orElse(false)));
        onFx(() -> window.viewModel().tile(ids.get(10)).ifPresent(window.viewModel()::select));
        Thread.sleep(2500);
        snapshot(window, out.resolve("console-rollout-done.png"));

        // A device that runs 2.0.0 now: its charts carry the update's marker; compare the readings across it once
        // the device has sent a minute of them on the new firmware.
        Thread.sleep(60_000);
        onFx(() -> window.viewModel().tile(ids.get(0)).ifPresent(window.viewModel()::select));
        Thread.sleep(3000);
        onFx(() -> {
            javafx.scene.control.MenuButton compare =
                    (javafx.scene.control.MenuButton) window.scene().lookup("#compare-update");
            compare.getItems().getFirst().fire();
        });
        Thread.sleep(3000);
        snapshot(window, out.resolve("console-firmware-markers.png"));
        gpioBench(runtime, window, ids.get(1));
    }

    /**
     * A device's GPIO tab: output 17 toggled high (input 22, jumpered to it, follows), then a write to input 22,
     * which the device refuses with its reason.
     */
    private static void gpioBench(ConsoleRuntime runtime, FleetdeckWindow window, DeviceId device) throws Exception {
        onFx(() -> window.viewModel().tile(device).ifPresent(window.viewModel()::select));
        Poll.until(device + " reports its pins", Duration.ofSeconds(30), () -> runtime.gpio().state(device).isPresent());
        Thread.sleep(1000);
        onFx(() -> {
            javafx.scene.control.TabPane tabs =
                    (javafx.scene.control.TabPane) window.scene().lookup("#device-detail-tabs");
            tabs.getSelectionModel().select(tabs.getTabs().stream().filter(tab -> "gpio-tab".equals(tab.getId()))
                    .findFirst().orElseThrow());
        });
        Thread.sleep(500);
        onFx(() -> ((javafx.scene.control.Button) window.scene().lookup("#gpio-toggle-17")).fire());
        Poll.until("output 17 reads high", Duration.ofSeconds(30), () -> runtime.gpio().state(device)
                .flatMap(state -> state.pin(17)).map(pin -> pin.high()).orElse(false));
        Thread.sleep(1000);
        onFx(() -> {
            ((javafx.scene.control.TextField) window.scene().lookup("#gpio-pin")).setText("22");
            ((javafx.scene.control.Button) window.scene().lookup("#gpio-drive-low")).fire();
        });
        Thread.sleep(3000);
        snapshot(window, out.resolve("console-gpio-bench.png"));
    }

    private static void onFx(Runnable action) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                action.run();
                done.complete(null);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        done.get(10, TimeUnit.SECONDS);
    }

    private static void snapshot(FleetdeckWindow window, Path file) throws Exception {
        CompletableFuture<WritableImage> shot = new CompletableFuture<>();
        Platform.runLater(() -> shot.complete(window.scene().snapshot(null)));
        WritableImage image = shot.get(10, TimeUnit.SECONDS);
        BufferedImage png = new BufferedImage((int) image.getWidth(), (int) image.getHeight(),
                BufferedImage.TYPE_INT_ARGB);
        PixelReader pixels = image.getPixelReader();
        for (int y = 0; y < png.getHeight(); y++) {
            for (int x = 0; x < png.getWidth(); x++) {
                png.setRGB(x, y, pixels.getArgb(x, y));
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(png, "png", file.toFile());
        System.out.println("wrote " + file);
    }
}
