package io.fleetdeck.console.app;

import io.fleetdeck.common.mdns.HostNames;
import io.fleetdeck.console.runtime.DataDirectory;
import io.fleetdeck.model.DeviceId;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How the console is started.
 *
 * @param externalBroker   a broker URL to use instead of the embedded one
 * @param bindAddress      where the embedded broker listens
 * @param brokerPort       the embedded broker's port, 0 for any free one
 * @param dataDirectory    history, broker state and logs
 * @param simulatedDevices devices to simulate in-process on the console's broker, 0 for none
 * @param simulatedRateHz  samples per second per simulated sensor
 * @param mdnsInterfaces   interfaces to announce the console on and browse for devices (names or {@code all});
 *                         empty means {@link #DEFAULT_MDNS_INTERFACES}
 * @param consoleName      the console's id in its mDNS announcement, which daemons may be told to look for
 * @param imagePort        the port devices download firmware images from, on {@code bindAddress}; 0 for any free one
 *                         (then a console restart moves it, and devices resuming a download start it over)
 * @param tlsPort          with TLS on ({@code --tls}): the embedded broker's TLS port on {@code bindAddress} (0 for
 *                         any free one), plain MQTT then on loopback only, images over HTTPS; empty: TLS off
 * @param openBroker       whether the embedded broker lets any client do anything (a closed bench); by default it
 *                         admits only this console and the devices it adopted
 */
public record ConsoleSettings(Optional<String> externalBroker, String bindAddress, int brokerPort,
                              Path dataDirectory, int simulatedDevices, double simulatedRateHz,
                              List<String> mdnsInterfaces, String consoleName, int imagePort, OptionalInt tlsPort,
                              boolean openBroker) {
    /** Loopback only: safe for a demo on one machine; on a LAN name the interface (e.g. eth0) or "all". */
    public static final List<String> DEFAULT_MDNS_INTERFACES = List.of("lo");
    /** Where devices fetch images unless told otherwise; fixed, so image URLs stay valid across restarts. */
    public static final int DEFAULT_IMAGE_PORT = 8484;

    public ConsoleSettings {
        mdnsInterfaces = List.copyOf(mdnsInterfaces);
        DeviceId.of(consoleName); // the announcement's console id follows the device id rules
        if (brokerPort < 0 || brokerPort > 65_535) {
            throw new IllegalArgumentException("broker port out of range: " + brokerPort);
        }
        if (imagePort < 0 || imagePort > 65_535) {
            throw new IllegalArgumentException("image port out of range: " + imagePort);
        }
        if (tlsPort.isPresent() && (tlsPort.getAsInt() < 0 || tlsPort.getAsInt() > 65_535)) {
            throw new IllegalArgumentException("TLS port out of range: " + tlsPort.getAsInt());
        }
        if (simulatedDevices < 0 || simulatedDevices > 10_000) {
            throw new IllegalArgumentException("simulated devices must be 0..10000, not " + simulatedDevices);
        }
        if (!(simulatedRateHz > 0 && simulatedRateHz <= 1000)) {
            throw new IllegalArgumentException("simulation rate must be in (0, 1000] Hz, not " + simulatedRateHz);
        }
    }

    /** As the canonical constructor, with TLS off and access control on the embedded broker. */
    public ConsoleSettings(Optional<String> externalBroker, String bindAddress, int brokerPort, Path dataDirectory,
                           int simulatedDevices, double simulatedRateHz, List<String> mdnsInterfaces,
                           String consoleName, int imagePort) {
        this(externalBroker, bindAddress, brokerPort, dataDirectory, simulatedDevices, simulatedRateHz,
                mdnsInterfaces, consoleName, imagePort, OptionalInt.empty(), false);
    }

    /** As the canonical constructor, TLS off. */
    public ConsoleSettings(Optional<String> externalBroker, String bindAddress, int brokerPort, Path dataDirectory,
                           int simulatedDevices, double simulatedRateHz, List<String> mdnsInterfaces,
                           String consoleName, int imagePort, boolean openBroker) {
        this(externalBroker, bindAddress, brokerPort, dataDirectory, simulatedDevices, simulatedRateHz,
                mdnsInterfaces, consoleName, imagePort, OptionalInt.empty(), openBroker);
    }

    /** The same settings with TLS on, the broker's TLS listener on {@code port}. */
    public ConsoleSettings withTls(int port) {
        return new ConsoleSettings(externalBroker, bindAddress, brokerPort, dataDirectory, simulatedDevices,
                simulatedRateHz, mdnsInterfaces, consoleName, imagePort, OptionalInt.of(port), openBroker);
    }

    /** As the canonical constructor, with images served on any free port (tests, demos). */
    public ConsoleSettings(Optional<String> externalBroker, String bindAddress, int brokerPort, Path dataDirectory,
                           int simulatedDevices, double simulatedRateHz, List<String> mdnsInterfaces,
                           String consoleName) {
        this(externalBroker, bindAddress, brokerPort, dataDirectory, simulatedDevices, simulatedRateHz,
                mdnsInterfaces, consoleName, 0);
    }

    /** As the canonical constructor, with the console named after this host and images on any free port. */
    public ConsoleSettings(Optional<String> externalBroker, String bindAddress, int brokerPort, Path dataDirectory,
                           int simulatedDevices, double simulatedRateHz, List<String> mdnsInterfaces) {
        this(externalBroker, bindAddress, brokerPort, dataDirectory, simulatedDevices, simulatedRateHz,
                mdnsInterfaces, defaultConsoleName());
    }

    /** {@code console-<hostname>}, cut to the 64 characters an id may have. */
    public static String defaultConsoleName() {
        String name = "console-" + HostNames.local();
        return name.length() > 64 ? name.substring(0, 64) : name;
    }

    /** The interfaces to use: those given, else the default. */
    public List<String> effectiveMdnsInterfaces() {
        return mdnsInterfaces.isEmpty() ? DEFAULT_MDNS_INTERFACES : mdnsInterfaces;
    }

    /** The XDG data directory for Fleetdeck: {@code $XDG_DATA_HOME/fleetdeck} or {@code ~/.local/share/fleetdeck}. */
    public static Path defaultDataDirectory() {
        return DataDirectory.xdgDefault();
    }
}
