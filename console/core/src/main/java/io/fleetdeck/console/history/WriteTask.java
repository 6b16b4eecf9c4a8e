package io.fleetdeck.console.history;

import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.DeviceInfo;
import io.fleetdeck.model.Reading;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Work for the writer thread, in the order callers queued it. */
sealed interface WriteTask {

    /** {@code whenCommitted} runs on the writer thread after the commit that made these readings durable. */
    record AppendReadings(DeviceId device, List<Reading> readings, Runnable whenCommitted) implements WriteTask {
    }

    record RecordDevice(DeviceId device, DeviceInfo info, long seenAtMs) implements WriteTask {
    }

    /** Completed once everything queued before it is committed. */
    record Flush(CompletableFuture<Void> done) implements WriteTask {
    }

    /** Starts a retention pass; completed with the number of readings deleted. */
    record Prune(CompletableFuture<Long> done) implements WriteTask {
    }

    /** Commits what came before, then ends the writer. */
    record Stop() implements WriteTask {
    }
}
