package io.fleetdeck.console.trust;

import io.fleetdeck.console.broker.auth.BrokerAccounts;
import io.fleetdeck.console.broker.auth.PasswordHash;
import io.fleetdeck.model.DeviceId;

import java.security.SecureRandom;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The broker accounts of this console's fleet, in memory for the broker's every CONNECT: the console's own (from its
 * secret) and each adopted device's, loaded from the pins at start and added to by {@link DeviceTrust} as devices are
 * adopted.
 */
public final class FleetAccounts implements BrokerAccounts {
    private final PasswordHash console;
    private final Map<DeviceId, PasswordHash> devices = new ConcurrentHashMap<>();

    public FleetAccounts(String consolePassword, Map<DeviceId, PasswordHash> adopted) {
        this.console = PasswordHash.of(Objects.requireNonNull(consolePassword, "consolePassword"),
                new SecureRandom());
        devices.putAll(adopted);
    }

    @Override
    public PasswordHash consolePassword() {
        return console;
    }

    @Override
    public Map<DeviceId, PasswordHash> devicePasswords() {
        return Collections.unmodifiableMap(devices);
    }

    /** Admits {@code device} with the password hashed as {@code password} from its next CONNECT on. */
    void admit(DeviceId device, PasswordHash password) {
        devices.put(device, password);
    }
}
