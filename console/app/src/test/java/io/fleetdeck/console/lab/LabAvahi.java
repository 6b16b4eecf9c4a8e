package io.fleetdeck.console.lab;

import io.fleetdeck.testkit.lab.LabHost;
import io.fleetdeck.testkit.lab.LabProcess;
import io.fleetdeck.testkit.lab.NetworkLab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A standard mDNS browser on a lab host: avahi-daemon with {@code avahi-browse -rpk _fleetdeck._tcp} running
 * against it, as a Linux user would look for devices. avahi needs a system D-Bus and its own run directory; both get
 * a private tmpfs in the mount namespace {@code ip netns exec} gives the host, so nothing of the machine's own D-Bus
 * or avahi is touched and avahi sees only the host's {@code lan0}. Each resolved line is stamped with the epoch ms it
 * was read at.
 */
public final class LabAvahi {
    /** avahi-browse's parsable "resolved" line: {@code =;lan0;IPv4;<instance>;_fleetdeck._tcp;local;host;addr;port;txt}. */
    private static final Pattern RESOLVED = Pattern.compile("^=;[^;]*;IPv4;[^;]*;_fleetdeck\\._tcp;.*\"id=([^\"]+)\".*");
    private static final String SCRIPT = """
            set -e
            mkdir -p /run/dbus /run/avahi-daemon
            mount -t tmpfs fdlab-dbus /run/dbus
            mount -t tmpfs fdlab-avahi /run/avahi-daemon
            dbus-daemon --system --fork
            avahi-daemon --no-chroot --no-rlimits -f "$0" &
            i=0
            until avahi-daemon -c 2>/dev/null; do i=$((i+1)); [ $i -lt 200 ] || exit 1; sleep 0.05; done
            echo avahi-ready
            exec stdbuf -oL avahi-browse -rpk _fleetdeck._tcp
            """;
    private static final String CONFIG = """
            [server]
            host-name=fdlab-avahi
            use-ipv4=yes
            use-ipv6=no
            allow-interfaces=%s
            [wide-area]
            enable-wide-area=no
            [publish]
            publish-hinfo=no
            publish-workstation=no
            """;

    private final LabProcess process;
    private final Map<String, Long> firstResolved = new ConcurrentHashMap<>();

    private LabAvahi(LabProcess process) {
        this.process = process;
    }

    /** Whether avahi-daemon, avahi-browse and dbus-daemon are installed ({@code apt-get install avahi-daemon avahi-utils}). */
    public static boolean installed() {
        return List.of("avahi-daemon", "avahi-browse", "dbus-daemon", "stdbuf").stream().allMatch(LabAvahi::onPath);
    }

    /** Starts avahi and the browser on {@code host} and waits until the browser runs. */
    public static LabAvahi start(LabHost host, Path workDir) {
        Path config = workDir.resolve("avahi-" + host.name() + ".conf");
        try {
            Files.createDirectories(workDir);
            Files.writeString(config, CONFIG.formatted(host.interfaceName()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LabProcess process = host.exec("avahi", List.of("sh", "-c", SCRIPT, config.toString()));
        LabAvahi avahi = new LabAvahi(process);
        process.onLine(line -> {
            long now = System.currentTimeMillis();
            Matcher m = RESOLVED.matcher(line);
            if (m.matches()) {
                firstResolved(avahi, m.group(1), now);
            }
        });
        process.awaitLine("avahi to start", NetworkLab.STARTUP, "avahi-ready"::equals);
        return avahi;
    }

    private static void firstResolved(LabAvahi avahi, String id, long at) {
        avahi.firstResolved.putIfAbsent(id, at);
    }

    /** Waits until avahi-browse resolved a service whose TXT says {@code id=deviceId}; returns when it read it (epoch ms). */
    public long awaitResolved(String deviceId, Duration deadline) {
        process.awaitLine("avahi-browse to resolve " + deviceId, deadline, line -> {
            Matcher m = RESOLVED.matcher(line);
            return m.matches() && m.group(1).equals(deviceId);
        });
        return firstResolved.get(deviceId);
    }

    public LabProcess process() {
        return process;
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", command));
    }
}
