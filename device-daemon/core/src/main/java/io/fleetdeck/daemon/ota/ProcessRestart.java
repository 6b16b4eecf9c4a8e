package io.fleetdeck.daemon.ota;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The off-Pi {@link Rebooter} of {@code fleetdeckd run}: exits the JVM with {@link #EXIT_RESTART}, after the shutdown
 * hook has said {@code offline}; systemd ({@code RestartForceExitStatus=75}) starts the daemon again, which then
 * boots the slot store first.
 */
public final class ProcessRestart implements Rebooter {
    /** sysexits.h EX_TEMPFAIL: "try again", which is what a restart into another slot is. */
    public static final int EXIT_RESTART = 75;
    private static final Logger log = LoggerFactory.getLogger(ProcessRestart.class);

    @Override
    public void reboot(boolean trial, String why) {
        log.warn("restarting the daemon (exit {}) to boot {}: {}", EXIT_RESTART,
                trial ? "the new slot on trial" : "the committed slot", why);
        // Not on the caller's thread: exit runs the shutdown hook, which closes the updater that called us.
        Thread.ofPlatform().name("ota-restart").start(() -> System.exit(EXIT_RESTART));
    }
}
