package io.fleetdeck.daemon.ota;

import io.fleetdeck.model.InstallProgress;

/** Where install reports go: the device's retained {@code install} topic, latest first. Never blocks. */
@FunctionalInterface
public interface InstallReporter {
    void report(InstallProgress progress);
}
