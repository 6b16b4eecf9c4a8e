package io.fleetdeck.console.trust;

import io.fleetdeck.console.broker.auth.BrokerAccounts;
import io.fleetdeck.console.broker.auth.ConsoleSecret;
import io.fleetdeck.console.broker.auth.PasswordHash;
import io.fleetdeck.console.history.HistorySettings;
import io.fleetdeck.console.history.PinnedKeyStore;
import io.fleetdeck.console.history.SqliteReadingStore;
import io.fleetdeck.model.DeviceId;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The broker accounts of this console's fleet, in memory for the broker's every CONNECT: the console's own (from its
 * secret) and each adopted device's, loaded from the pins at start and added to by {@link DeviceTrust} as devices are
 * adopted.
 */
public final class FleetAccounts implements BrokerAccounts {
    private final PasswordHash console;
    private final Map<DeviceId, PasswordHash> devices = new ConcurrentHashMap<>();
    private final PinnedKeyStore pins;

    public FleetAccounts(String consolePassword, Map<DeviceId, PasswordHash> adopted) {
        this(consolePassword, adopted, null);
    }

    /** @param pins where devices adopted by another process of this console (deploy) are found; may be null */
    public FleetAccounts(String consolePassword, Map<DeviceId, PasswordHash> adopted, PinnedKeyStore pins) {
        this.console = PasswordHash.of(Objects.requireNonNull(consolePassword, "consolePassword"),
                new SecureRandom());
        devices.putAll(adopted);
        this.pins = pins;
    }

    /**
     * The accounts of the console whose data directory this is, read once: its broker secret (made if missing) and
     * the adopted devices in its history file (migrated if older; none when there is no history yet).
     */
    public static FleetAccounts fromDataDirectory(Path dataDirectory) {
        String secret = ConsoleSecret.loadOrCreate(dataDirectory);
        HistorySettings history = HistorySettings.defaults(dataDirectory);
        if (!Files.exists(history.file())) {
            return new FleetAccounts(secret, Map.of());
        }
        try (SqliteReadingStore store = SqliteReadingStore.open(history);
             PinnedKeyStore pins = PinnedKeyStore.open(history.file())) {
            return new FleetAccounts(secret, pins.brokerPasswords());
        }
    }

    @Override
    public PasswordHash consolePassword() {
        return console;
    }

    @Override
    public Map<DeviceId, PasswordHash> devicePasswords() {
        return Collections.unmodifiableMap(devices);
    }

    /**
     * Also asks the pins for a device this process has not seen adopted: {@code fleetdeck deploy --adopt} writes
     * there while the window runs, and its broker must admit that device too.
     */
    @Override
    public Optional<PasswordHash> devicePassword(DeviceId device) {
        PasswordHash known = devices.get(device);
        if (known != null || pins == null) {
            return Optional.ofNullable(known);
        }
        Optional<PasswordHash> stored = pins.brokerPassword(device);
        stored.ifPresent(hash -> devices.put(device, hash));
        return stored;
    }

    /** Admits {@code device} with the password hashed as {@code password} from its next CONNECT on. */
    void admit(DeviceId device, PasswordHash password) {
        devices.put(device, password);
    }
}
