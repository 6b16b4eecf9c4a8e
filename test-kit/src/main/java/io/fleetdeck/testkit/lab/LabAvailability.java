package io.fleetdeck.testkit.lab;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Whether this machine can build a {@link NetworkLab}: Linux, root, iproute2, and a kernel that lets us add a
 * namespace with a bridge and a veth pair (restricted containers refuse). Checked once per JVM by really trying.
 *
 * @param available true when labs can be built
 * @param reason    why not, for the skip message; "ok" when available
 */
public record LabAvailability(boolean available, String reason) {
    private static volatile LabAvailability cached;

    /** Skips the calling test, saying why, unless labs can be built here. */
    public static void assumeAvailable() {
        LabAvailability availability = check();
        Assumptions.assumeTrue(availability.available(), "needs root and ip netns: " + availability.reason());
    }

    public static LabAvailability check() {
        LabAvailability result = cached;
        if (result == null) {
            result = probe();
            cached = result;
        }
        return result;
    }

    private static LabAvailability probe() {
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
            return new LabAvailability(false, "network namespaces are Linux only, this is " + System.getProperty("os.name"));
        }
        long uid = effectiveUid();
        if (uid != 0) {
            return new LabAvailability(false, "running as uid " + uid + ", not root");
        }
        if (!IpCommand.installed()) {
            return new LabAvailability(false, "iproute2's ip is not installed");
        }
        String namespace = NetworkLab.PREFIX + "probe" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
        try {
            IpCommand.run("netns", "add", namespace);
            IpCommand.run("-n", namespace, "link", "add", "br0", "type", "bridge");
            IpCommand.run("-n", namespace, "link", "add", "v0", "type", "veth", "peer", "name", "v1");
            return new LabAvailability(true, "ok");
        } catch (LabSetupException e) {
            return new LabAvailability(false, e.getMessage());
        } finally {
            IpCommand.attempt("netns", "del", namespace);
        }
    }

    private static long effectiveUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Long.parseLong(line.substring(4).trim().split("\\s+")[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
