package io.fleetdeck.console.rollout;

import io.fleetdeck.console.firmware.FirmwareImage;
import io.fleetdeck.console.firmware.ImageServer;
import io.fleetdeck.console.firmware.LocalRoutes;
import io.fleetdeck.console.fleet.DeviceDiscovery;
import io.fleetdeck.console.fleet.DeviceSnapshot;
import io.fleetdeck.console.fleet.FleetRegistry;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.InstallCommand;
import io.fleetdeck.model.SignedManifest;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;

/**
 * The arguments of cmd/install, which cmd/preflight shares: the signed release, and the image's URL on the console's
 * address as the device can reach it.
 */
final class InstallCommandFactory {
    private final ImageServer images;
    private final FleetRegistry registry;

    InstallCommandFactory(ImageServer images, FleetRegistry registry) {
        this.images = images;
        this.registry = registry;
    }

    InstallCommand create(String job, String token, FirmwareImage image, SignedManifest release, DeviceId device) {
        String fileName = ImageServer.servedName(image);
        URI url = images.uri(hostToward(device), job, fileName);
        return new InstallCommand(job, release, url, token, image.compressedSize(), fileName);
    }

    /** The console's address on the device's side: the route toward where mDNS saw it, else the bind address. */
    private InetAddress hostToward(DeviceId device) {
        InetAddress fallback = LocalRoutes.fallback(images.address().getAddress().getHostAddress());
        List<String> addresses = registry.device(device).flatMap(DeviceSnapshot::discovery)
                .map(DeviceDiscovery::addresses).orElse(List.of());
        return LocalRoutes.toward(addresses, fallback);
    }
}
