package io.fleetdeck.console.broker.auth;

import io.fleetdeck.model.DeviceId;

import java.util.Map;

/** What a broker needs to know to admit clients: the console's own account and each adopted device's. */
public interface BrokerAccounts {
    /**
     * The console role's user name. It starts with {@code _}, which no {@link DeviceId} may, so no device can hold
     * it, and it is the {@code _console} topic segment the console's response topics live under.
     */
    String CONSOLE_USER = "_console";

    /** Hash of the console role's password. */
    PasswordHash consolePassword();

    /** Adopted devices: user name = device id, hash of the password the console issued at adoption. */
    Map<DeviceId, PasswordHash> devicePasswords();
}
