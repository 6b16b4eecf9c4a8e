package io.fleetdeck.console.broker.auth;

import io.fleetdeck.model.DeviceId;

import java.util.Map;
import java.util.Optional;

/** What a broker needs to know to admit clients: the console's own account and each adopted device's. */
public interface BrokerAccounts {
    /** The user name of the console role, for the window's session and the {@code deploy} command alike. */
    String CONSOLE_USER = "_console";

    /** Hash of the console role's password. */
    PasswordHash consolePassword();

    /** Adopted devices and the hash of the password each was issued. */
    Map<DeviceId, PasswordHash> devicePasswords();

    /** The hash of one adopted device's password; empty for a device that is not adopted. */
    default Optional<PasswordHash> devicePassword(DeviceId device) {
        return Optional.ofNullable(devicePasswords().get(device));
    }
}
