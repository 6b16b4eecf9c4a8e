package io.fleetdeck.console.app;

import io.fleetdeck.common.mdns.MdnsInterfaces;
import io.fleetdeck.console.cli.AuditCommand;
import io.fleetdeck.console.cli.BrokerConfigCommand;
import io.fleetdeck.console.cli.DeployCommand;
import io.fleetdeck.console.cli.ExportCommand;
import io.fleetdeck.console.cli.GroupCommand;
import io.fleetdeck.console.cli.RecordCommand;
import io.fleetdeck.console.cli.TagCommand;
import io.fleetdeck.console.discovery.BrokerBinding;
import javafx.application.Platform;
import javafx.scene.control.Alert;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code fleetdeck [options]}: starts the console window. */
@Command(name = "fleetdeck", mixinStandardHelpOptions = true, version = "Fleetdeck console 0.1.0",
        description = "Operator console for a fleet of Raspberry Pis running fleetdeckd.",
        subcommands = {DeployCommand.class, BrokerConfigCommand.class, ExportCommand.class, TagCommand.class,
                GroupCommand.class, AuditCommand.class, RecordCommand.class})
public final class ConsoleCommand implements Callable<Integer> {

    @Option(names = "--broker", paramLabel = "URL",
            description = "Use this MQTT v5 broker (tcp://HOST:PORT) instead of starting the embedded one.")
    private String broker;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Data directory for history, broker state and logs (default: ${DEFAULT-VALUE}).")
    private Path data = ConsoleSettings.defaultDataDirectory();

    @Option(names = "--broker-port", paramLabel = "PORT", defaultValue = "1883",
            description = "Port of the embedded broker; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    private int brokerPort;

    @Option(names = "--bind", paramLabel = "ADDRESS",
            description = "Address the embedded broker listens on. Default: 127.0.0.1 when mDNS runs on loopback "
                    + "only, the address of the one LAN interface given with --mdns-interface, or 0.0.0.0 for "
                    + "several.")
    private String bind;

    @Option(names = "--image-port", paramLabel = "PORT", defaultValue = "" + ConsoleSettings.DEFAULT_IMAGE_PORT,
            description = "Port devices download firmware images from, on the --bind address; 0 picks a free one "
                    + "(default: ${DEFAULT-VALUE}).")
    private int imagePort;

    @Option(names = "--tls",
            description = "Serve devices over TLS: the embedded broker adds an ssl:// listener (--tls-port) on the "
                    + "--bind address and keeps plain MQTT on loopback only; images are served over HTTPS. The "
                    + "console's CA is made once in <data>/tls/ (give devices <data>/tls/ca.pem).")
    private boolean tls;

    @Option(names = "--tls-port", paramLabel = "PORT", defaultValue = "8883",
            description = "Port of the broker's TLS listener with --tls; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    private int tlsPort;

    @Option(names = "--simulate", paramLabel = "N", defaultValue = "0",
            description = "Also run N simulated devices in this process (demo mode).")
    private int simulate;

    @Option(names = "--rate", paramLabel = "HZ", defaultValue = "2",
            description = "Samples per second per simulated sensor (default: ${DEFAULT-VALUE}).")
    private double rate;

    @Option(names = "--mdns-interface", paramLabel = "NAME",
            description = "Interface to announce the console on and find devices on via mDNS; repeatable; "
                    + "\"all\" = every multicast-capable non-loopback interface that is up (default: lo only; "
                    + "on a LAN pass e.g. eth0).")
    private List<String> mdnsInterfaces = new ArrayList<>();

    @Option(names = "--open-broker",
            description = "Let any client on the network use the embedded broker, as before access control: for a "
                    + "bench nobody else can reach. Default: only this console and the devices it adopted (new "
                    + "devices may show themselves until adopted).")
    private boolean openBroker;

    @Option(names = "--console-name", paramLabel = "ID",
            description = "The console's id in its mDNS announcement (default: console-<hostname>); "
                    + "fleetdeckd --console ID picks this console.")
    private String consoleName;

    @Override
    public Integer call() throws Exception {
        System.setProperty("fleetdeck.log.dir", data.toAbsolutePath().toString());
        Logger log = LoggerFactory.getLogger(ConsoleCommand.class);
        ConsoleRuntime runtime;
        try {
            List<String> interfaces = mdnsInterfaces.isEmpty() ? ConsoleSettings.DEFAULT_MDNS_INTERFACES
                    : mdnsInterfaces;
            String bindAddress = BrokerBinding.choose(Optional.ofNullable(bind), MdnsInterfaces.resolve(interfaces));
            ConsoleSettings settings = new ConsoleSettings(Optional.ofNullable(broker), bindAddress, brokerPort, data,
                    simulate, rate, mdnsInterfaces,
                    consoleName != null ? consoleName : ConsoleSettings.defaultConsoleName(), imagePort, openBroker);
            if (tls) {
                settings = settings.withTls(tlsPort);
            }
            runtime = ConsoleRuntime.start(settings, Clock.systemUTC());
        } catch (RuntimeException e) {
            log.error("Fleetdeck could not start: {}", e.getMessage(), e);
            showStartupFailure(e);
            return 2;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(runtime::close, "fleetdeck-shutdown"));
        CountDownLatch closed = new CountDownLatch(1);
        Platform.setImplicitExit(true);
        try {
            startWindow(runtime, closed);
        } catch (RuntimeException e) {
            log.error("Cannot open the console window: {}. A desktop session (DISPLAY or WAYLAND_DISPLAY) and "
                    + "GTK 3 are needed; on Debian/Ubuntu: apt-get install libgtk-3-0 libgl1", e.getMessage());
            runtime.close();
            return 3;
        }
        closed.await();
        runtime.close();
        Platform.exit();
        return 0;
    }

    private static void startWindow(ConsoleRuntime runtime, CountDownLatch closed) {
        Platform.startup(() -> {
            FleetdeckWindow window = FleetdeckWindow.remembering(runtime);
            Stage stage = new Stage();
            stage.setOnHidden(event -> {
                window.dispose();
                closed.countDown();
            });
            window.show(stage);
        });
    }

    private static void showStartupFailure(RuntimeException e) {
        System.err.println("fleetdeck: " + e.getMessage());
        try {
            CountDownLatch shown = new CountDownLatch(1);
            Platform.startup(() -> {
                Alert alert = new Alert(Alert.AlertType.ERROR, e.getMessage());
                alert.setHeaderText("Fleetdeck could not start");
                alert.setOnHidden(event -> shown.countDown());
                alert.show();
            });
            shown.await();
            Platform.exit();
        } catch (RuntimeException | InterruptedException noDisplay) {
            // Without a display the message on stderr is all we can give.
        }
    }
}
