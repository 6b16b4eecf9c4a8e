package io.fleetdeck.console.record.ui;

import io.fleetdeck.console.app.ConsoleRuntime;
import io.fleetdeck.console.app.ConsoleSettings;
import io.fleetdeck.console.app.FleetdeckWindow;
import io.fleetdeck.console.audit.AuditAction;
import io.fleetdeck.console.audit.AuditEntry;
import io.fleetdeck.console.audit.AuditOutcome;
import io.fleetdeck.console.firmware.FirmwareImage;
import io.fleetdeck.console.ui.FxWait;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.testkit.images.TestImages;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.imageio.ImageIO;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * File → Export session record… as an operator uses it, headless: a real embedded broker, two simulated devices, real
 * history, fleet.db and firmware library. An image is imported during the session; the operator opens the dialog,
 * keeps the default start, sets the end to now, ticks one sensor, types where the zip goes and exports. The zip is
 * then opened: the import's audit row, the image's SHA-256, that sensor's readings and a decodable chart, and the
 * summary; the export itself is in the audit log.
 */
@ExtendWith(ApplicationExtension.class)
class SessionRecordExportTest {
    private static final String CONSOLE_NAME = "console-record" + UUID.randomUUID().toString().substring(0, 6);
    private static final DeviceId FIRST = DeviceId.of("sim-0001");
    @TempDir
    static Path data;
    @TempDir
    static Path images;
    @TempDir
    static Path records;
    private static ConsoleRuntime runtime;
    private FleetdeckWindow window;

    @BeforeAll
    static void startConsole() {
        runtime = ConsoleRuntime.start(new ConsoleSettings(Optional.empty(), "127.0.0.1", 0, data, 2, 2,
                List.of("lo"), CONSOLE_NAME, 0), Clock.systemUTC());
    }

    @AfterAll
    static void stopConsole() {
        runtime.close();
    }

    @Start
    void start(Stage stage) {
        window = new FleetdeckWindow(runtime);
        window.show(stage);
    }

    @AfterEach
    void dispose(FxRobot robot) {
        robot.interact(window::dispose);
    }

    private static void waitUntil(String what, Callable<Boolean> condition) throws Exception {
        FxWait.until(what, Duration.ofSeconds(60), condition);
    }

    @Test
    void exportsTheSessionFromTheFileMenuIntoAZipWithEveryPart(FxRobot robot) throws Exception {
        byte[] raw = TestImages.raw(64_000, 11);
        FirmwareImage image = runtime.rollouts().importImage(
                TestImages.write(images.resolve("fleetdeck-sim-2.0.0.img"), raw)).get(30, TimeUnit.SECONDS);
        waitUntil("sim-0001 described its sensors", () -> runtime.registry().device(FIRST)
                .flatMap(device -> device.info()).isPresent());
        String sensor = runtime.registry().device(FIRST).orElseThrow().info().orElseThrow().sensors().getFirst().id();
        waitUntil("a few readings of " + sensor + " are stored", () -> {
            long[] count = {0};
            runtime.store().scan(FIRST, sensor, 0, Long.MAX_VALUE, (ts, value) -> count[0]++);
            return count[0] >= 3;
        });
        Path target = records.resolve("lab-session.zip");

        robot.clickOn("File").clickOn("Export session record…");
        waitUntil("the dialog lists the sensors", () -> robot.lookup("#record-sensors").tryQuery().isPresent()
                && !robot.lookup("#record-sensors").<ListView<SensorChoice>>query().getItems().isEmpty());
        ListView<SensorChoice> list = robot.lookup("#record-sensors").query();
        assertThat(list.getItems()).allMatch(choice -> choice.chosenProperty().get());
        assertThat(list.getItems().getFirst().sensor().device()).isEqualTo(FIRST);
        assertThat(list.getItems().getFirst().sensor().sensor()).isEqualTo(sensor);
        robot.clickOn("#record-none");
        Node firstBox = robot.from(list).lookup(".check-box").<CheckBox>queryAll().stream()
                .filter(box -> box.getParent() != null && list.getItems().getFirst().toString()
                        .equals(((javafx.scene.control.ListCell<?>) box.getParent()).getItem().toString()))
                .findFirst().orElseThrow();
        robot.clickOn(firstBox);
        assertThat(list.getItems()).filteredOn(choice -> choice.chosenProperty().get()).hasSize(1);
        robot.clickOn("#record-now");
        robot.clickOn("#record-target").press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL)
                .write(target.toString());
        robot.clickOn("#record-export");

        waitUntil("the record is written", () -> robot.lookup("#record-status").queryAs(Label.class).getText()
                .startsWith("Wrote "));
        assertThat(robot.lookup("#record-status").queryAs(Label.class).getText())
                .startsWith("Wrote " + target + ": ").contains("1 sensors");

        String csvName = "telemetry/" + FIRST.value() + "/" + sensor + ".csv";
        String chartName = "charts/" + FIRST.value() + "-" + sensor + ".png";
        try (ZipFile zip = new ZipFile(target.toFile())) {
            assertThat(zip.stream().map(ZipEntry::getName).toList()).containsExactly("audit.csv", "firmware.csv",
                    "installs.csv", csvName, chartName, "summary.md");
            assertThat(text(zip, "audit.csv").lines().toList()).hasSize(2).last().asString()
                    .contains(",IMPORT,fleetdeck-sim-2.0.0.img,", ",SUCCEEDED");
            assertThat(text(zip, "firmware.csv").lines().toList()).containsExactly(
                    "image_id,name,version,models,format,stored_bytes,raw_bytes,sha256,imported_utc",
                    image.id() + ",fleetdeck-sim-2.0.0.img,2.0.0,,IMG,64000,64000," + TestImages.sha256(raw) + ","
                            + image.importedAt());
            assertThat(text(zip, "installs.csv").lines().toList()).hasSize(1);
            List<String> readings = text(zip, csvName).lines().toList();
            assertThat(readings.getFirst()).isEqualTo("device,sensor,ts_ms,time_utc,value");
            assertThat(readings.size()).isGreaterThanOrEqualTo(4);
            assertThat(readings.subList(1, readings.size()))
                    .allMatch(line -> line.startsWith(FIRST.value() + "," + sensor + ","));
            BufferedImage chart = ImageIO.read(zip.getInputStream(zip.getEntry(chartName)));
            assertThat(chart).isNotNull();
            assertThat(chart.getWidth()).isPositive();
            assertThat(text(zip, "summary.md")).contains("# Fleetdeck session record",
                    "- **Operators:** " + System.getProperty("user.name"), TestImages.sha256(raw),
                    "| " + FIRST.value() + " | ", "(" + chartName + ")");
        }

        AuditEntry last = runtime.audit().entries(Optional.empty()).getLast();
        assertThat(last.action()).isEqualTo(AuditAction.SESSION_RECORD);
        assertThat(last.outcome()).isEqualTo(AuditOutcome.SUCCEEDED);
        assertThat(last.target()).isEqualTo(target.toString());
    }

    private static String text(ZipFile zip, String name) throws IOException {
        return new String(zip.getInputStream(zip.getEntry(name)).readAllBytes(), StandardCharsets.UTF_8);
    }
}
