package io.fleetdeck.daemon.ota;

import java.io.IOException;

/**
 * The {@link Rebooter} as the updater uses it, remembering whether a restart was asked for: the daemon's shutdown
 * that follows is then a restart, and brief, since the device is back in seconds.
 */
final class DeviceRestart {
    private final Rebooter rebooter;
    private volatile boolean requested;

    DeviceRestart(Rebooter rebooter) {
        this.rebooter = rebooter;
    }

    /**
     * Asks for the restart. The flag is set before asking, since the shutdown may begin before the rebooter returns;
     * a rebooter that cannot even start clears it again, and the device runs on.
     */
    void reboot(boolean trial, String why) throws IOException {
        try {
            requested = true;
            rebooter.reboot(trial, why);
        } catch (IOException e) {
            requested = false;
            throw e;
        }
    }

    boolean requested() {
        return requested;
    }
}
