package io.fleetdeck.daemon.cli;

import io.fleetdeck.daemon.ota.ProcessRestart;

/**
 * How {@code fleetdeckd}'s commands end, for systemd: 0 stopped normally, 1 failed at run time, 2 bad command line,
 * 75 restart me (a firmware update switches slots: systemd restarts on 75 and the daemon boots the slot store first),
 * 78 bad config file (systemd is told not to restart on 78: restarting cannot fix a config).
 */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;
    /** Restart into the slot the store boots next: see {@link ProcessRestart}. */
    public static final int RESTART = ProcessRestart.EXIT_RESTART;
    /** sysexits.h EX_CONFIG. */
    public static final int CONFIG = 78;

    private ExitCodes() {
    }
}
