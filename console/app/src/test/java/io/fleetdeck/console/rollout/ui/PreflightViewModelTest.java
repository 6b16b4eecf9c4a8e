package io.fleetdeck.console.rollout.ui;

import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.InstallFailure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The panel's logic without a stage: completions are queued and applied by the test, as the FX thread would. */
class PreflightViewModelTest {
    private static final DeviceId PI1 = DeviceId.of("pi-01");
    private static final DeviceId PI2 = DeviceId.of("pi-02");

    @TempDir
    Path dir;
    private LibraryBackedRollouts rollouts;
    private final LinkedBlockingQueue<Runnable> fxQueue = new LinkedBlockingQueue<>();
    private final Map<DeviceId, TileMark> marks = new ConcurrentHashMap<>();
    private final RolloutStatus status = new RolloutStatus();
    private PreflightViewModel viewModel;
    private int libraryReloads;

    @BeforeEach
    void open() {
        rollouts = new LibraryBackedRollouts(dir.resolve("data"), Map.of(PI1, "Raspberry Pi 4", PI2, "Raspberry Pi 4"));
        viewModel = new PreflightViewModel(rollouts, fxQueue::add, new PreflightMarks() {
            @Override
            public void mark(Map<DeviceId, TileMark> next) {
                marks.putAll(next);
            }

            @Override
            public void unmark(Collection<DeviceId> devices) {
                devices.forEach(marks::remove);
            }

            @Override
            public void unmarkAll() {
                marks.clear();
            }
        }, status, () -> libraryReloads++);
    }

    @AfterEach
    void close() {
        rollouts.close();
    }

    /** Runs the next completion handed to the "FX thread". */
    private void pulse() throws InterruptedException {
        Runnable next = fxQueue.poll(20, TimeUnit.SECONDS);
        assertThat(next).as("a completion arrived").isNotNull();
        next.run();
    }

    @Test
    void anAnswerToAnEarlierDropIsDropped() throws Exception {
        CompletableFuture<Void> slow = new CompletableFuture<>();
        rollouts.holdPlans(slow);
        viewModel.planFile(image("first-1.0.0.img.gz"), List.of(PI1));
        rollouts.holdPlans(CompletableFuture.completedFuture(null));
        viewModel.planFile(image("second-2.0.0.img.gz"), List.of(PI2));
        pulse();
        slow.complete(null);
        pulse();

        assertThat(viewModel.stageProperty().get()).isEqualTo(PreflightViewModel.Stage.VERDICT);
        assertThat(viewModel.imageNameProperty().get()).isEqualTo("second-2.0.0.img.gz");
        assertThat(viewModel.devices()).containsExactly(PI2);
        assertThat(marks).containsOnlyKeys(PI2);
    }

    @Test
    void refusalsStayMarkedAfterCancelWhileClearedMarksGo() throws Exception {
        rollouts.refuse(PI2, InstallFailure.SAME_VERSION, "already runs 2.0.0");
        viewModel.planFile(image("fw-2.0.0.img.gz"), List.of(PI1, PI2));
        assertThat(marks).containsEntry(PI1, TileMark.checking()).containsEntry(PI2, TileMark.checking());
        pulse();

        assertThat(marks.get(PI1)).isEqualTo(new TileMark(TileMark.Kind.CLEARED, "Cleared for 2.0.0"));
        assertThat(marks.get(PI2)).isEqualTo(new TileMark(TileMark.Kind.REFUSED, "SAME_VERSION: already runs 2.0.0"));
        assertThat(viewModel.installTextProperty().get()).isEqualTo("Install on 1 device");
        assertThat(viewModel.summaryProperty().get()).startsWith("1 of 2 devices cleared");
        assertThat(status.problemProperty().get()).isTrue();
        assertThat(libraryReloads).isEqualTo(1);

        viewModel.cancel();

        assertThat(viewModel.stageProperty().get()).isEqualTo(PreflightViewModel.Stage.HIDDEN);
        assertThat(marks).containsOnlyKeys(PI2);
    }

    @Test
    void anUnreadableImageFailsWithItsCauseAndLeavesNoMarks() throws Exception {
        Path broken = Files.write(dir.resolve("fw-2.0.0.img.gz"), new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2});

        viewModel.planFile(broken, List.of(PI1));
        pulse();

        assertThat(viewModel.stageProperty().get()).isEqualTo(PreflightViewModel.Stage.FAILED);
        assertThat(viewModel.messageProperty().get()).startsWith("cannot import fw-2.0.0.img.gz: ");
        assertThat(status.textProperty().get()).startsWith("Could not check fw-2.0.0.img.gz: cannot import");
        assertThat(marks).isEmpty();
        assertThat(viewModel.installDisabledProperty().get()).isTrue();
    }

    @Test
    void installWaitsForAReCheckOfAnEditedVersion() throws Exception {
        viewModel.planFile(image("fw-2.0.0.img.gz"), List.of(PI1));
        pulse();
        assertThat(viewModel.installDisabledProperty().get()).isFalse();

        viewModel.versionProperty().set("2.0.1");
        assertThat(viewModel.installDisabledProperty().get()).isTrue();
        assertThat(viewModel.recheckDisabledProperty().get()).isFalse();
        viewModel.recheck();
        pulse();

        assertThat(rollouts.plans().getLast().version()).contains("2.0.1");
        assertThat(viewModel.installDisabledProperty().get()).isFalse();
        viewModel.install();
        pulse();
        assertThat(rollouts.started()).hasSize(1);
        assertThat(rollouts.started().getFirst().version()).isEqualTo("2.0.1");
        assertThat(viewModel.stageProperty().get()).isEqualTo(PreflightViewModel.Stage.HIDDEN);
        assertThat(marks).isEmpty();
    }

    private Path image(String name) throws IOException {
        byte[] raw = new byte[50_000];
        new Random(name.hashCode()).nextBytes(raw);
        Path file = dir.resolve(name);
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(raw);
        }
        return file;
    }
}
