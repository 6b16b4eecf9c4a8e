package io.fleetdeck.console.rollout.ui;

import io.fleetdeck.console.firmware.FirmwareImage;
import io.fleetdeck.console.rollout.RolloutJob;
import io.fleetdeck.console.ui.FxWait;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.InstallFailure;
import io.fleetdeck.model.InstallState;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a technician does with firmware in the window: drags image files onto tiles and selections, reads the
 * pre-flight verdict, installs, and watches tiles, the jobs table and the library follow. Real FXML views, real
 * drag events with real files, real firmware library (SQLite + files); the rollout service is a scripted stand-in.
 */
@ExtendWith(ApplicationExtension.class)
class DragAndDropRolloutTest {
    private static final PseudoClass PROBLEM = PseudoClass.getPseudoClass("install-problem");
    private static final PseudoClass OK = PseudoClass.getPseudoClass("install-ok");

    @TempDir
    Path dir;
    private RolloutScreen screen;

    @Start
    void start(Stage stage) {
        Map<String, String> devices = new LinkedHashMap<>();
        for (String id : List.of("pi-01", "pi-02", "pi-03", "pi-04")) {
            devices.put(id, RolloutScreen.PI4);
        }
        devices.put("pi-05", RolloutScreen.PI3);
        devices.put("pi-06", RolloutScreen.PI3);
        screen = new RolloutScreen(stage, dir.resolve("data"), devices);
    }

    @AfterEach
    void close() {
        screen.close();
    }

    @Test
    void aFileDraggedOntoATilePlansThatFileForThatDevice(FxRobot robot) throws Exception {
        Path image = gzipImage("fleetdeck-2.0.0.img.gz");
        Node icon = onFx(() -> screen.fileIcon(image));
        waitUntil("tiles are shown", () -> robot.lookup("#tile-pi-02").tryQuery().isPresent());

        robot.drag(icon).dropTo("#tile-pi-02");

        waitUntil("a plan was asked for", () -> !screen.rollouts.plans().isEmpty());
        LibraryBackedRollouts.PlanCall call = screen.rollouts.plans().getFirst();
        assertThat(call.file()).contains(image);
        assertThat(call.devices()).containsExactly(DeviceId.of("pi-02"));
        assertThat(call.version()).isEmpty();
        waitUntil("the verdict is shown", () -> robot.lookup("#preflight-install").queryButton().getText()
                .equals("Install on 1 device"));
        assertThat(robot.lookup("#preflight").query().isVisible()).isTrue();
        assertThat(text(robot, "#preflight-image")).isEqualTo("fleetdeck-2.0.0.img.gz");
        assertThat(robot.lookup("#preflight-version").queryAs(TextField.class).getText()).isEqualTo("2.0.0");
        assertThat(text(robot, "#preflight-sha")).matches("[0-9a-f]{12}…");
        assertThat(text(robot, "#verdict-pi-02 .verdict-symbol")).isEqualTo("✓");
        assertThat(text(robot, "#tile-pi-02 .install-phase")).isEqualTo("✓ Cleared for 2.0.0");
        screen.screenshot("preflight-cleared");
    }

    @Test
    void aDropOnASelectedTileTargetsTheWholeSelection(FxRobot robot) throws Exception {
        waitUntil("tiles are shown", () -> robot.lookup("#tile-pi-03").tryQuery().isPresent());
        robot.clickOn("#tile-pi-01");
        robot.press(KeyCode.CONTROL).clickOn("#tile-pi-03").release(KeyCode.CONTROL);
        assertThat(text(robot, "#selection-count")).isEqualTo("2 devices selected");

        Path image = gzipImage("fleetdeck-2.1.0.img.gz");
        Boolean dropped = onFx(() -> FileDrags.drop(tile(robot, "pi-03"),
                FileDrags.holding(List.of(image.toFile()))));

        waitUntil("a plan was asked for", () -> !screen.rollouts.plans().isEmpty());
        assertThat(dropped).isTrue();
        assertThat(screen.rollouts.plans().getFirst().devices())
                .containsExactly(DeviceId.of("pi-01"), DeviceId.of("pi-03"));
        waitUntil("the verdict is shown", () -> robot.lookup("#preflight-install").queryButton().getText()
                .equals("Install on 2 devices"));
    }

    @Test
    void clicksAndKeysSelectAndTheCountSaysHowMany(FxRobot robot) throws Exception {
        waitUntil("tiles are shown", () -> robot.lookup("#tile-pi-06").tryQuery().isPresent());
        robot.clickOn("#tile-pi-02");
        robot.press(KeyCode.SHIFT).clickOn("#tile-pi-05").release(KeyCode.SHIFT);
        assertThat(text(robot, "#selection-count")).isEqualTo("4 devices selected");
        assertThat(tile(robot, "pi-04").getPseudoClassStates()).contains(PseudoClass.getPseudoClass("selected"));
        assertThat(tile(robot, "pi-06").getPseudoClassStates()).doesNotContain(PseudoClass.getPseudoClass("selected"));

        robot.press(KeyCode.CONTROL).clickOn("#tile-pi-03").release(KeyCode.CONTROL);
        assertThat(text(robot, "#selection-count")).isEqualTo("3 devices selected");

        robot.press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL);
        assertThat(text(robot, "#selection-count")).isEqualTo("6 devices selected");

        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        assertThat(text(robot, "#selection-count")).isEmpty();

        robot.clickOn("#select-menu").clickOn("Model " + RolloutScreen.PI3 + " (2)");
        assertThat(text(robot, "#selection-count")).isEqualTo("2 devices selected");
        assertThat(onFx(() -> screen.fleet.selection()).stream().map(t -> t.id().value()).toList())
                .isEqualTo(List.of("pi-05", "pi-06"));
    }

    @Test
    void aRefusedDeviceShowsItsReasonOnItsTileUntilTheNextDrop(FxRobot robot) throws Exception {
        String reason = "image is for [Raspberry Pi 4], this board is '" + RolloutScreen.PI3 + "'";
        screen.rollouts.refuse(DeviceId.of("pi-05"), InstallFailure.WRONG_MODEL, reason);
        waitUntil("tiles are shown", () -> robot.lookup("#tile-pi-05").tryQuery().isPresent());
        robot.clickOn("#tile-pi-04");
        robot.press(KeyCode.CONTROL).clickOn("#tile-pi-05").release(KeyCode.CONTROL);

        dropFile(robot, "pi-04", gzipImage("fleetdeck-2.0.0.img.gz"));

        waitUntil("the verdict is shown", () -> text(robot, "#verdict-pi-05 .verdict-message").contains("WRONG_MODEL"));
        assertThat(text(robot, "#verdict-pi-05 .verdict-message")).isEqualTo("WRONG_MODEL: " + reason);
        assertThat(text(robot, "#verdict-pi-05 .verdict-symbol")).isEqualTo("✗");
        waitUntil("the install button counts the cleared device", () -> robot.lookup("#preflight-install")
                .queryButton().getText().equals("Install on 1 device"));
        assertThat(text(robot, "#tile-pi-05 .install-phase")).isEqualTo("✗ WRONG_MODEL: " + reason);
        assertThat(robot.lookup("#tile-pi-05 .tile-install").query().getPseudoClassStates()).contains(PROBLEM);
        screen.screenshot("preflight-refused");

        robot.clickOn("#preflight-cancel");
        waitUntil("the panel closes", () -> !robot.lookup("#preflight").query().isVisible());
        assertThat(text(robot, "#tile-pi-05 .install-phase")).isEqualTo("✗ WRONG_MODEL: " + reason);
        assertThat(robot.lookup("#tile-pi-04 .tile-install").query().isVisible()).isFalse();

        dropFile(robot, "pi-01", gzipImage("fleetdeck-2.0.0.img.gz"));
        waitUntil("the next drop's verdict is shown", () -> robot.lookup("#verdict-pi-01").tryQuery().isPresent()
                && text(robot, "#verdict-pi-01 .verdict-symbol").equals("✓"));
        assertThat(robot.lookup("#tile-pi-05 .tile-install").query().isVisible()).isFalse();
    }

    @Test
    void tilesSayCheckingImageWhilePreflightRuns(FxRobot robot) throws Exception {
        CompletableFuture<Void> gate = new CompletableFuture<>();
        screen.rollouts.holdPlans(gate);
        waitUntil("tiles are shown", () -> robot.lookup("#tile-pi-01").tryQuery().isPresent());

        dropFile(robot, "pi-01", gzipImage("fleetdeck-2.0.0.img.gz"));

        waitUntil("the tile says it is checking", () -> text(robot, "#tile-pi-01 .install-phase")
                .equals("Checking image…"));
        assertThat(robot.lookup("#tile-pi-01 .install-progress").queryAs(ProgressBar.class).isIndeterminate()).isTrue();
        assertThat(text(robot, "#preflight-checking")).startsWith("Checking image…");
        assertThat(robot.lookup("#preflight-install").queryButton().isDisabled()).isTrue();
        gate.complete(null);
        waitUntil("the verdict replaces it", () -> text(robot, "#tile-pi-01 .install-phase")
                .equals("✓ Cleared for 2.0.0"));
    }

    @Test
    void installStartsAJobWhosePhasesTheTileAndTheJobsTableShow(FxRobot robot) throws Exception {
        waitUntil("tiles are shown", () -> robot.lookup("#tile-pi-01").tryQuery().isPresent());
        dropFile(robot, "pi-01", gzipImage("fleetdeck-2.0.0.img.gz"));
        waitUntil("the verdict is shown", () -> !robot.lookup("#preflight-install").queryButton().isDisabled());

        robot.clickOn("#preflight-install");

        waitUntil("the job starts", () -> !screen.rollouts.jobs().isEmpty());
        waitUntil("the panel closes", () -> !robot.lookup("#preflight").query().isVisible());
        RolloutJob job = screen.rollouts.jobs().getFirst();
        assertThat(job.device()).isEqualTo(DeviceId.of("pi-01"));
        assertThat(screen.rollouts.started().getFirst().cleared()).hasSize(1);
        waitUntil("the tile shows the queued job", () -> text(robot, "#tile-pi-01 .install-phase")
                .equals("Queued: 2.0.0"));

        long total = job.totalBytes();
        long bytes = (total * 41 + 99) / 100;
        screen.rollouts.advance(job.id(), InstallState.DOWNLOADING, bytes, 3_200_000, "");
        waitUntil("the tile shows the download", () -> text(robot, "#tile-pi-01 .install-phase")
                .equals("Downloading 2.0.0 · 41 % · 3.2 MB/s"));
        ProgressBar bar = robot.lookup("#tile-pi-01 .install-progress").queryAs(ProgressBar.class);
        assertThat(bar.isVisible()).isTrue();
        assertThat(bar.getProgress()).isEqualTo((double) bytes / total);
        TableView<JobRow> table = robot.lookup("#jobs-table").queryTableView();
        waitUntil("the jobs table shows it", () -> !table.getItems().isEmpty()
                && table.getItems().getFirst().phase().equals("Downloading"));
        JobRow row = table.getItems().getFirst();
        assertThat(row.device()).isEqualTo("pi-01");
        assertThat(row.image()).isEqualTo("fleetdeck-2.0.0.img.gz");
        assertThat(row.version()).isEqualTo("2.0.0");
        assertThat(row.rate()).isEqualTo("3.2 MB/s");
        assertThat(row.transferred()).endsWith("· 41 %");
        assertThat(row.cancellable()).isTrue();
        screen.screenshot("downloading");

        screen.rollouts.advance(job.id(), InstallState.REBOOTING, total, 0, "");
        waitUntil("the tile shows the reboot", () -> text(robot, "#tile-pi-01 .install-phase")
                .equals("Rebooting into 2.0.0"));
        assertThat(bar.isIndeterminate()).isTrue();

        screen.rollouts.advance(job.id(), InstallState.COMMITTED, total, 0, "");
        long now = System.currentTimeMillis();
        screen.registry.recordInfo(DeviceId.of("pi-01"), RolloutScreen.info("pi-01", RolloutScreen.PI4, "2.0.0"), now);
        waitUntil("the tile shows the new version", () -> text(robot, "#tile-pi-01 .install-phase")
                .equals("✓ Updated to 2.0.0"));
        assertThat(robot.lookup("#tile-pi-01 .tile-install").query().getPseudoClassStates()).contains(OK);
        assertThat(bar.isVisible()).isFalse();
        assertThat(text(robot, "#tile-pi-01 .tile-firmware")).startsWith("fw 2.0.0");
        waitUntil("the table shows the result", () -> table.getItems().getFirst().result().equals("Updated"));
    }

    @Test
    void aFailedJobShowsItsReasonInRedAndTheTableCancelsUnfinishedOnes(FxRobot robot) throws Exception {
        waitUntil("tiles are shown", () -> robot.lookup("#tile-pi-02").tryQuery().isPresent());
        long now = System.currentTimeMillis();
        RolloutJob failing = screen.rollouts.addJob(job("job-a", "pi-02", now - 2000));
        RolloutJob running = screen.rollouts.addJob(job("job-b", "pi-03", now - 1000));
        screen.rollouts.advance(failing.id(), InstallState.FAILED, 0, 0,
                "HASH_MISMATCH: expected 3f9a… got 77c1… at byte 1,048,576");
        screen.rollouts.advance(running.id(), InstallState.DOWNLOADING, 100, 1000, "");

        waitUntil("the failing tile says why", () -> text(robot, "#tile-pi-02 .install-phase")
                .equals("✗ Failed: HASH_MISMATCH: expected 3f9a… got 77c1… at byte 1,048,576"));
        assertThat(robot.lookup("#tile-pi-02 .tile-install").query().getPseudoClassStates()).contains(PROBLEM);
        TableView<JobRow> table = robot.lookup("#jobs-table").queryTableView();
        waitUntil("both jobs are listed", () -> table.getItems().size() == 2);
        assertThat(table.getItems().stream().map(JobRow::id).toList()).containsExactly("job-b", "job-a");
        assertThat(table.getItems().get(1).result()).isEqualTo("Failed");
        assertThat(table.getItems().get(1).reason()).startsWith("HASH_MISMATCH");
        waitUntil("the running job has a Cancel button", () -> robot.lookup("#job-job-b .job-cancel").tryQuery()
                .isPresent());
        assertThat(robot.lookup("#job-job-a .job-cancel").tryQuery()).isEmpty();
        screen.screenshot("jobs");

        // The table may lay its cells out again between finding the button and clicking it (a pulse resized a
        // column); a technician would simply click again, so the test does too, at most three times.
        for (int attempt = 0; attempt < 3 && screen.rollouts.cancelled().isEmpty(); attempt++) {
            try {
                robot.clickOn("#job-job-b .job-cancel");
            } catch (RuntimeException detached) {
                Thread.sleep(200);
            }
        }

        assertThat(screen.rollouts.cancelled()).containsExactly("job-b");
        waitUntil("the table says cancelled", () -> table.getItems().getFirst().result().equals("Cancelled"));
        waitUntil("the tile says cancelled", () -> text(robot, "#tile-pi-03 .install-phase")
                .equals("Cancelled: 2.0.0 not installed"));
    }

    @Test
    void filesDroppedOnTheLibraryAreImportedAndListed(FxRobot robot) throws Exception {
        Path image = gzipImage("fleetdeck-3.1.4.img.gz");
        robot.clickOn("#library-tab");
        Node library = robot.lookup("#firmware-library").query();

        assertThat(onFx(() -> FileDrags.over(library, FileDrags.holding(List.of(
                Files.writeString(dir.resolve("notes.txt"), "hello").toFile()))))).isNull();
        assertThat(text(robot, "#library-drop-hint")).isEqualTo("notes.txt is not a firmware image: use "
                + ImageDrop.FORMATS);
        boolean dropped = Boolean.TRUE.equals(onFx(() -> FileDrags.drop(library,
                FileDrags.holding(List.of(image.toFile())))));

        assertThat(dropped).isTrue();
        TableView<LibraryRow> table = robot.lookup("#library-table").queryTableView();
        waitUntil("the image is listed", () -> !table.getItems().isEmpty());
        LibraryRow row = table.getItems().getFirst();
        assertThat(screen.rollouts.imports()).containsExactly(image);
        assertThat(row.name()).isEqualTo("fleetdeck-3.1.4.img.gz");
        assertThat(row.version()).isEqualTo("3.1.4");
        assertThat(row.format()).isEqualTo("img.gz");
        assertThat(row.sizes()).endsWith("· 300 kB raw");
        assertThat(text(robot, "#rollout-status")).isEqualTo("Imported fleetdeck-3.1.4.img.gz as version 3.1.4");
        screen.screenshot("library");
    }

    @Test
    void aLibraryImageDraggedOntoATilePlansThatImage(FxRobot robot) throws Exception {
        FirmwareImage image = screen.rollouts.importImage(gzipImage("fleetdeck-2.2.0.img.gz")).get(30, TimeUnit.SECONDS);
        robot.interact(() -> screen.views.library().reload());
        robot.clickOn("#library-tab");
        waitUntil("the image is listed", () -> robot.lookup("#library-image-" + image.id()).tryQuery().isPresent());

        robot.drag("#library-image-" + image.id()).dropTo("#tile-pi-06");

        waitUntil("a plan was asked for", () -> !screen.rollouts.plans().isEmpty());
        LibraryBackedRollouts.PlanCall call = screen.rollouts.plans().getFirst();
        assertThat(call.imageId()).hasValue(image.id());
        assertThat(call.file()).isEmpty();
        assertThat(call.devices()).containsExactly(DeviceId.of("pi-06"));
    }

    @Test
    void aFileThatIsNoImageIsRefusedOverTheTileWithTheReason(FxRobot robot) throws Exception {
        Path notes = Files.writeString(dir.resolve("notes.txt"), "not firmware");
        waitUntil("tiles are shown", () -> robot.lookup("#tile-pi-01").tryQuery().isPresent());

        var accepted = onFx(() -> FileDrags.over(tile(robot, "pi-01"),
                FileDrags.holding(List.of(notes.toFile()))));

        assertThat(accepted).isNull();
        assertThat(text(robot, "#tile-pi-01 .tile-drop-hint"))
                .isEqualTo("notes.txt is not a firmware image: use " + ImageDrop.FORMATS);
        assertThat(tile(robot, "pi-01").getPseudoClassStates()).contains(PseudoClass.getPseudoClass("drop-refused"));
        assertThat(screen.rollouts.plans()).isEmpty();
    }

    @Test
    void aCorruptImageShowsTheImportFailureInThePanelAndTheStatusBar(FxRobot robot) throws Exception {
        Path broken = dir.resolve("fleetdeck-2.0.0.img.xz");
        Files.write(broken, new byte[] {(byte) 0xFD, '7', 'z', 'X', 'Z', 0, 1, 2, 3, 4, 5, 6, 7, 8});
        waitUntil("tiles are shown", () -> robot.lookup("#tile-pi-01").tryQuery().isPresent());

        dropFile(robot, "pi-01", broken);

        waitUntil("the failure is shown", () -> robot.lookup("#preflight-error").query().isVisible());
        assertThat(text(robot, "#preflight-error")).startsWith("cannot import fleetdeck-2.0.0.img.xz: ");
        assertThat(text(robot, "#rollout-status")).startsWith("Could not check fleetdeck-2.0.0.img.xz: cannot import");
        assertThat(robot.lookup("#rollout-status").query().getPseudoClassStates())
                .contains(PseudoClass.getPseudoClass("problem"));
        assertThat(robot.lookup("#tile-pi-01 .tile-install").query().isVisible()).isFalse();
        assertThat(robot.lookup("#preflight-cancel").queryButton().getText()).isEqualTo("Close");
        screen.screenshot("import-failed");
    }

    @Test
    void anEditedVersionIsCheckedAgainBeforeItCanBeInstalled(FxRobot robot) throws Exception {
        waitUntil("tiles are shown", () -> robot.lookup("#tile-pi-01").tryQuery().isPresent());
        dropFile(robot, "pi-01", gzipImage("fleetdeck-2.0.0.img.gz"));
        waitUntil("the verdict is shown", () -> !robot.lookup("#preflight-install").queryButton().isDisabled());

        robot.doubleClickOn("#preflight-version").eraseText(5).write("2.0.1");
        Button install = robot.lookup("#preflight-install").queryButton();
        assertThat(install.isDisabled()).as("install waits for the re-check").isTrue();
        robot.clickOn("#preflight-recheck");

        waitUntil("the re-check's verdict is shown", () -> screen.rollouts.plans().size() == 2 && !install.isDisabled());
        LibraryBackedRollouts.PlanCall recheck = screen.rollouts.plans().get(1);
        assertThat(recheck.version()).contains("2.0.1");
        assertThat(recheck.imageId()).isPresent();
        assertThat(recheck.devices()).containsExactly(DeviceId.of("pi-01"));
        assertThat(text(robot, "#tile-pi-01 .install-phase")).isEqualTo("✓ Cleared for 2.0.1");
        robot.clickOn("#preflight-install");
        waitUntil("the job starts", () -> !screen.rollouts.jobs().isEmpty());
        assertThat(screen.rollouts.jobs().getFirst().version()).isEqualTo("2.0.1");
    }

    private void dropFile(FxRobot robot, String device, Path file) throws Exception {
        Boolean dropped = onFx(() -> FileDrags.drop(tile(robot, device),
                FileDrags.holding(List.of(file.toFile()))));
        assertThat(dropped).as("drop of " + file.getFileName() + " on " + device + " taken").isTrue();
    }

    private static <T> T onFx(Callable<T> action) throws Exception {
        return WaitForAsyncUtils.asyncFx(action).get(20, TimeUnit.SECONDS);
    }

    private static Node tile(FxRobot robot, String device) {
        return robot.lookup("#tile-" + device).query();
    }

    private static String text(FxRobot robot, String query) {
        return robot.lookup(query).queryAs(Label.class).getText();
    }

    private static RolloutJob job(String id, String device, long createdMs) {
        return new RolloutJob(id, DeviceId.of(device), 1, "fleetdeck-2.0.0.img.xz", "2.0.0", InstallState.QUEUED, 0,
                1000, 0, java.util.OptionalLong.empty(), "", createdMs, createdMs);
    }

    /** A 300 kB image, gzipped as images are downloaded. */
    private Path gzipImage(String name) throws IOException {
        Path file = dir.resolve(name);
        if (Files.exists(file)) {
            return file;
        }
        byte[] raw = new byte[300_000];
        Random random = new Random(name.hashCode());
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (byte) (i % 4096 < 3500 ? i % 251 : random.nextInt(256));
        }
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(raw);
        }
        return file;
    }

    private static void waitUntil(String what, Callable<Boolean> condition) throws Exception {
        FxWait.until(what, Duration.ofSeconds(20), condition);
    }
}
