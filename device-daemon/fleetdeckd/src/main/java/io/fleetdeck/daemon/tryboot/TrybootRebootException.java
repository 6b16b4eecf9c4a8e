package io.fleetdeck.daemon.tryboot;

import java.io.IOException;
import java.util.List;

/** The reboot command could not be found, did not finish, or refused: the device did not start rebooting. */
public final class TrybootRebootException extends IOException {
    private final List<String> command;
    private final int exitCode;

    public TrybootRebootException(List<String> command, int exitCode, String detail) {
        super("'" + String.join("' '", command) + "' " + (exitCode >= 0 ? "exited with " + exitCode + ": " : "")
                + detail);
        this.command = List.copyOf(command);
        this.exitCode = exitCode;
    }

    public List<String> command() {
        return command;
    }

    /** The command's exit code, or -1 when it never ran to an end. */
    public int exitCode() {
        return exitCode;
    }
}
