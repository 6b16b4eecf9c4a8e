package io.fleetdeck.console.app;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How the console is started.
 *
 * @param externalBroker   a broker URL to use instead of the embedded one
 * @param bindAddress      where the embedded broker listens
 * @param brokerPort       the embedded broker's port, 0 for any free one
 * @param dataDirectory    history, broker state and logs
 * @param simulatedDevices devices to simulate in-process on the console's broker, 0 for none
 * @param simulatedRateHz  samples per second per simulated sensor
 * @param mdnsInterfaces   interfaces for discovery (not used yet; accepted so scripts can pass it)
 */
public record ConsoleSettings(Optional<String> externalBroker, String bindAddress, int brokerPort,
                              Path dataDirectory, int simulatedDevices, double simulatedRateHz,
                              List<String> mdnsInterfaces) {
    public ConsoleSettings {
        mdnsInterfaces = List.copyOf(mdnsInterfaces);
        if (brokerPort < 0 || brokerPort > 65_535) {
            throw new IllegalArgumentException("broker port out of range: " + brokerPort);
        }
        if (simulatedDevices < 0 || simulatedDevices > 10_000) {
            throw new IllegalArgumentException("simulated devices must be 0..10000, not " + simulatedDevices);
        }
        if (!(simulatedRateHz > 0 && simulatedRateHz <= 1000)) {
            throw new IllegalArgumentException("simulation rate must be in (0, 1000] Hz, not " + simulatedRateHz);
        }
    }

    /** The XDG data directory for Fleetdeck: {@code $XDG_DATA_HOME/fleetdeck} or {@code ~/.local/share/fleetdeck}. */
    public static Path defaultDataDirectory() {
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("fleetdeck");
    }
}
