package io.fleetdeck.model;

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
    /** Key of {@link CommandResponse#data()} holding an {@link InstallFailure} code when a device refuses. */
    public static final String REASON = "reason";

    private Commands() {
    }
}
