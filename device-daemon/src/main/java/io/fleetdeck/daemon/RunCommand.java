package io.fleetdeck.daemon;

import io.fleetdeck.daemon.config.ConfigException;
import io.fleetdeck.daemon.config.DaemonConfig;
import io.fleetdeck.daemon.config.DaemonConfigLoader;
import io.fleetdeck.daemon.identity.IdentityException;
import io.fleetdeck.daemon.mqtt.MqttSessionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code fleetdeckd run --config FILE}: the daemon of the one real device it runs on, until SIGTERM. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Publish this device's sensors to the broker named in the config file until stopped.")
final class RunCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

    @Option(names = "--config", required = true, paramLabel = "FILE",
            description = "Config file (Java properties), e.g. /etc/fleetdeckd/fleetdeckd.properties.")
    Path config;

    @Mixin
    MdnsOption mdns;

    @Override
    public Integer call() throws InterruptedException {
        DaemonConfig loaded;
        DeviceAssembler.AssembledDevice device;
        try {
            loaded = new DaemonConfigLoader().load(config);
            mdns.logIgnored();
            device = new DeviceAssembler().assemble(loaded);
        } catch (ConfigException | IdentityException e) {
            log.error("cannot start: {}", e.getMessage());
            return FleetdeckDaemon.EXIT_CONFIG;
        } catch (MqttSessionException | IOException | RuntimeException e) {
            log.error("cannot start: {}", e.getMessage(), e);
            return FleetdeckDaemon.EXIT_FAILURE;
        }
        device.agent().start();
        log.info("{} publishing to {}", device.agent().device(), loaded.brokerUrl());
        StopSignal stop = new StopSignal(() -> {
            log.info("stopping: publishing offline");
            device.close();
        });
        stop.await();
        return FleetdeckDaemon.EXIT_OK;
    }
}
