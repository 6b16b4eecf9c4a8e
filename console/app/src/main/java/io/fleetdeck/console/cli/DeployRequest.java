package io.fleetdeck.console.cli;

import io.fleetdeck.model.DeviceId;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One deploy as the command line asked for it, already checked, so the run needs no picocli.
 *
 * @param image         the image file to import
 * @param targets       the devices, each once, in the order given
 * @param broker        the broker URL the devices use
 * @param version       the version the release promises; empty to read it from the file name
 * @param dataDirectory the console's data directory: firmware library, job table, operator key, deploy.log
 * @param adopt         whether to offer each device the console's key first
 * @param timeout       how long devices may take before their jobs are cancelled
 * @param retainedWait  how long to wait for the devices' retained info and status
 * @param bind          the address to serve the image on; empty for this machine's address toward the broker
 * @param imagePort     the port to serve the image on; 0 for any free one
 */
record DeployRequest(Path image, List<DeviceId> targets, String broker, Optional<String> version,
                     Path dataDirectory, boolean adopt, Duration timeout, Duration retainedWait,
                     Optional<String> bind, int imagePort, boolean tls, Optional<Path> brokerCa) {
    DeployRequest {
        targets = List.copyOf(targets);
    }
}
