package io.fleetdeck.console.rollout.ui;

import io.fleetdeck.console.rollout.staged.RolloutTargets;
import io.fleetdeck.console.rollout.staged.SqliteStagedRolloutStore;
import io.fleetdeck.console.rollout.staged.StagedMember;
import io.fleetdeck.console.rollout.staged.StagedRollout;
import io.fleetdeck.console.rollout.staged.StagedRolloutService;
import io.fleetdeck.model.DeviceId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The staged-rollout option of the pre-flight panel without a stage; completions are run by the test. */
class StagedOptionsViewModelTest {
    private static final DeviceId PI1 = DeviceId.of("pi-01");
    private static final DeviceId PI2 = DeviceId.of("pi-02");

    @TempDir
    Path dir;
    private LibraryBackedRollouts rollouts;
    private SqliteStagedRolloutStore store;
    private StagedRolloutService staged;
    private final LinkedBlockingQueue<Runnable> fxQueue = new LinkedBlockingQueue<>();
    private final RolloutStatus status = new RolloutStatus();
    private PreflightViewModel preflight;
    private StagedOptionsViewModel viewModel;

    @BeforeEach
    void open() {
        Path data = dir.resolve("data");
        rollouts = new LibraryBackedRollouts(data, Map.of(PI1, "Raspberry Pi 4", PI2, "Raspberry Pi 4"));
        store = SqliteStagedRolloutStore.open(data);
        staged = StagedRolloutService.start(rollouts, store, Clock.systemUTC());
        preflight = new PreflightViewModel(rollouts, fxQueue::add, new PreflightMarks() {
            @Override
            public void mark(Map<DeviceId, TileMark> next) {
            }

            @Override
            public void unmark(Collection<DeviceId> devices) {
            }

            @Override
            public void unmarkAll() {
            }
        }, status, () -> { });
        viewModel = new StagedOptionsViewModel(staged, preflight, fxQueue::add, RolloutTargets::of);
    }

    @AfterEach
    void close() {
        staged.close();
        store.close();
        rollouts.close();
    }

    @Test
    void isOfferedOnlyWhenTwoOrMoreDevicesCleared() throws Exception {
        preflight.planFile(image("fw-2.0.0.img.gz"), List.of(PI1));
        pulse();
        assertThat(viewModel.offeredProperty().get()).isFalse();

        preflight.planFile(image("fw-2.0.0.img.gz"), List.of(PI1, PI2));
        pulse();
        assertThat(viewModel.offeredProperty().get()).isTrue();
    }

    @Test
    void sizesThatCannotBeReadAreShownAndStartNothing() throws Exception {
        preflight.planFile(image("fw-2.0.0.img.gz"), List.of(PI1, PI2));
        pulse();
        viewModel.stagesProperty().set("1,ten");

        viewModel.start();

        assertThat(viewModel.errorProperty().get()).contains("'ten'");
        viewModel.stagesProperty().set("1,rest");
        viewModel.maxParallelProperty().set("none");
        viewModel.start();
        assertThat(viewModel.errorProperty().get()).contains("a number, not 'none'");
        assertThat(staged.rollouts()).isEmpty();
        assertThat(preflight.stageProperty().get()).isEqualTo(PreflightViewModel.Stage.VERDICT);
    }

    @Test
    void startingHandsThePlanOverAndClosesThePreflightPanel() throws Exception {
        preflight.planFile(image("fw-2.0.0.img.gz"), List.of(PI1, PI2));
        pulse();
        viewModel.stagesProperty().set("1,rest");
        viewModel.maxParallelProperty().set("1");
        viewModel.maxFailuresProperty().set("10%");

        viewModel.start();
        pulse();

        StagedRollout started = staged.rollouts().getFirst();
        assertThat(started.stages().text()).isEqualTo("1,rest");
        assertThat(started.maxParallel()).isEqualTo(1);
        assertThat(started.threshold().text()).isEqualTo("10%");
        assertThat(started.release().version()).contains("2.0.0");
        assertThat(started.members()).extracting(StagedMember::device).containsExactly(PI1, PI2);
        assertThat(preflight.stageProperty().get()).isEqualTo(PreflightViewModel.Stage.HIDDEN);
        assertThat(status.textProperty().get()).startsWith("Staged rollout of fw-2.0.0.img.gz on 2 devices started");
    }

    private void pulse() throws InterruptedException {
        Runnable next = fxQueue.poll(20, TimeUnit.SECONDS);
        assertThat(next).as("a completion arrived").isNotNull();
        next.run();
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
