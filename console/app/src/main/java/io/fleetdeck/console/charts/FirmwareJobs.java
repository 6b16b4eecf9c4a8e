package io.fleetdeck.console.charts;

import io.fleetdeck.console.rollout.RolloutJob;
import io.fleetdeck.console.rollout.Rollouts;

import java.util.List;

/** Where the charts learn of firmware changes: the rollouts' jobs, and a revision that grows when any job changes. */
public interface FirmwareJobs {
    /** For a pane without rollouts (a read-only history, a test): no changes, ever. */
    FirmwareJobs NONE = new FirmwareJobs() {
        @Override
        public List<RolloutJob> jobs() {
            return List.of();
        }

        @Override
        public long revision() {
            return 0;
        }
    };

    /** Every known job, newest first; cheap (from memory). */
    List<RolloutJob> jobs();

    long revision();

    static FirmwareJobs of(Rollouts rollouts) {
        return new FirmwareJobs() {
            @Override
            public List<RolloutJob> jobs() {
                return rollouts.jobs();
            }

            @Override
            public long revision() {
                return rollouts.revision();
            }
        };
    }
}
