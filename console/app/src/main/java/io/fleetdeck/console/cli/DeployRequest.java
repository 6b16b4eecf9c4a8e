package io.fleetdeck.console.cli;

import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.PairingCode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One deploy as the command line asked for it, already checked, so the run needs no picocli.
 *
 * @param image         the image file to import
 * @param targets       the devices named, each once, in the order given
 * @param group         a saved group whose members are targets too (as the devices announce themselves at the start)
 * @param broker        the broker URL the devices use
 * @param version       the version the release promises; empty to read it from the file name
 * @param dataDirectory the console's data directory: firmware library, job table, operator key, deploy.log
 * @param adopt         whether to offer each device the console's key first
 * @param timeout       how long devices may take before their jobs are cancelled
 * @param retainedWait  how long to wait for the devices' retained info and status
 * @param bind          the address to serve the image on; empty for this machine's address toward the broker
 * @param imagePort     the port to serve the image on; 0 for any free one
 * @param securityVersion the release's anti-rollback level
 * @param allowDowngrade  whether devices may go below the security version they committed
 * @param pairingCodes  with {@code adopt}: the pairing codes of devices that trust no console yet
 * @param tls           whether to serve the image over HTTPS (certificate from the console's CA, made in memory)
 * @param brokerCa      the CA file to trust for an {@code ssl://} broker
 * @param staged        install in stages with a concurrency limit and a failure threshold; empty for all at once
 */
record DeployRequest(Path image, List<DeviceId> targets, Optional<String> group, String broker,
                     Optional<String> version,
                     Path dataDirectory, boolean adopt, Duration timeout, Duration retainedWait,
                     Optional<String> bind, int imagePort, int securityVersion, boolean allowDowngrade,
                     Map<DeviceId, PairingCode> pairingCodes, boolean tls, Optional<Path> brokerCa,
                     Optional<DeployStages> staged) {
    DeployRequest {
        targets = List.copyOf(targets);
        if (targets.isEmpty() && group.isEmpty()) {
            throw new IllegalArgumentException("name devices (--device) or a group (--group)");
        }
        pairingCodes = Map.copyOf(pairingCodes);
    }
}
