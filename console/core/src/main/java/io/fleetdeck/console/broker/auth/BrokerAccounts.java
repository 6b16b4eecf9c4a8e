package io.fleetdeck.console.broker.auth;

import io.fleetdeck.model.DeviceId;

import java.util.Map;
import java.util.Optional;

/** What a broker needs to know to admit clients: the console's own account and each adopted device's. */
public interface BrokerAccounts {
    /**
     * The console role's user name, for the window's session and the {@code deploy} command alike. It starts with
     * {@code _}, which no {@link DeviceId} may, so no device can hold it, and it is the {@code _console} topic segment
     * the console's response topics live under.
     */
    String CONSOLE_USER = "_console";

    /** Hash of the console role's password. */
    PasswordHash consolePassword();

    /** Adopted devices: user name = device id, hash of the password the device handed over at adoption. */
    Map<DeviceId, PasswordHash> devicePasswords();

    /** The hash of one adopted device's password; empty for a device that is not adopted. */
    default Optional<PasswordHash> devicePassword(DeviceId device) {
        return Optional.ofNullable(devicePasswords().get(device));
    }
}
