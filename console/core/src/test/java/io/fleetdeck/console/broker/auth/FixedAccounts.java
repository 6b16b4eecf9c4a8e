package io.fleetdeck.console.broker.auth;

import io.fleetdeck.model.DeviceId;

import java.util.Map;

/** Accounts as a test states them, until the console's credential store exists. */
public record FixedAccounts(PasswordHash consolePassword, Map<DeviceId, PasswordHash> devicePasswords)
        implements BrokerAccounts {
}
