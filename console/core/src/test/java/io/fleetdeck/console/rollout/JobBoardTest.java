package io.fleetdeck.console.rollout;

import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.InstallState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** What readers off the tracker thread see of the jobs, and what the job listeners hear. */
class JobBoardTest {
    private static final DeviceId PI_1 = DeviceId.of("pi-board-1");
    private static final DeviceId PI_2 = DeviceId.of("pi-board-2");

    private final AtomicInteger publications = new AtomicInteger();
    private final JobBoard board = new JobBoard(publications::incrementAndGet);

    @Test
    void listsJobsNewestFirstAndEachDevicesNewestJob() {
        RolloutJob old = job("job-a", PI_1, 1_000);
        RolloutJob other = job("job-b", PI_2, 2_000);
        RolloutJob newer = job("job-c", PI_1, 3_000);
        RolloutJob sameTime = job("job-d", PI_2, 2_000);

        board.publish(List.of(old, other, newer, sameTime));

        assertThat(board.jobs()).containsExactly(newer, sameTime, other, old);
        assertThat(board.latest(PI_1)).contains(newer);
        assertThat(board.latest(PI_2)).contains(sameTime);
        assertThat(publications).hasValue(1);
    }

    @Test
    void forgetsTheNewestJobOfADeviceWhoseJobsAreGone() {
        board.publish(List.of(job("job-a", PI_1, 1_000), job("job-b", PI_2, 2_000)));

        board.publish(List.of(job("job-a", PI_1, 1_000)));

        assertThat(board.latest(PI_2)).isEmpty();
        assertThat(board.jobs()).extracting(RolloutJob::id).containsExactly("job-a");
        assertThat(publications).hasValue(2);
    }

    @Test
    void aFailingListenerDoesNotKeepTheOthersFromHearing() {
        List<RolloutJob> heard = new ArrayList<>();
        board.addListener(job -> {
            throw new IllegalStateException("broken listener");
        });
        board.addListener(heard::add);
        RolloutJob job = job("job-a", PI_1, 1_000);

        board.tell(job);

        assertThat(heard).containsExactly(job);
    }

    private static RolloutJob job(String id, DeviceId device, long createdMs) {
        return new RolloutJob(id, device, 1, "fleetdeck-2.0.0.img", "2.0.0", InstallState.QUEUED, 0, 1_000, 0,
                OptionalLong.empty(), "", createdMs, createdMs);
    }
}
