package io.fleetdeck.model;

import java.util.Set;

/** Names of the commands a device answers on {@code cmd/<name>}. */
public final class Commands {
    /** Liveness and uptime. */
    public static final String PING = "ping";
    /** Blink the identify LED. */
    public static final String IDENTIFY = "identify";
    /** Adoption: add the console's public key to the keys the device accepts signed manifests from. */
    public static final String TRUST_KEY = "trust-key";
    /** Every check {@link #INSTALL} makes before a byte moves, without starting anything. */
    public static final String PREFLIGHT = "preflight";
    /** Start installing a signed image into the inactive slot; progress follows on the install topic. */
    public static final String INSTALL = "install";
    /**
     * Cancel a job on the device. Reserved: the console's cancel today only withdraws the download (the device has
     * no such command yet), but it is in {@link #SIGNED} so a device that gains it never takes it unsigned.
     */
    public static final String CANCEL = "cancel";
    /**
     * Drive a GPIO pin the daemon's config declares as an output ({@link GpioWrite}); refused with a
     * {@link GpioRefusal} code otherwise. Pin levels follow on the retained {@code gpio} topic ({@link GpioState}).
     */
    public static final String GPIO = "gpio";
    /** Commands a device carries out only with a valid operator signature ({@link MessageSignature}). */
    public static final Set<String> SIGNED = Set.of(PREFLIGHT, INSTALL, CANCEL, GPIO);
    /** Key of {@link CommandResponse#data()} holding an {@link InstallFailure} code when a device refuses. */
    public static final String REASON = "reason";

    private Commands() {
    }
}
