package io.fleetdeck.daemon.ota;

import java.io.IOException;

/**
 * Restarts the device into whatever its {@link SlotStore} will boot next. Off a Pi that is restarting the daemon
 * ({@link ProcessRestart}, or one virtual device in {@code simulate}); on a Pi with tryboot it is
 * {@code reboot "0 tryboot"} for a trial and a plain reboot after a rollback.
 */
@FunctionalInterface
public interface Rebooter {
    /**
     * Starts the restart and returns; the caller does nothing more with this device afterwards.
     *
     * @param trial true when the next boot is a trial of a newly written slot, false to go back to the committed one
     * @param why   for the log
     * @throws IOException when the restart could not even be started (e.g. {@code reboot} refused); the device runs on
     */
    void reboot(boolean trial, String why) throws IOException;
}
