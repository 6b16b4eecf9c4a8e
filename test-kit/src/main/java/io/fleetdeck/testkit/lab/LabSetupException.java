package io.fleetdeck.testkit.lab;

/** A lab could not be built or torn down; carries the {@code ip} command and what it printed. */
public final class LabSetupException extends RuntimeException {
    public LabSetupException(String message) {
        super(message);
    }

    public LabSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
