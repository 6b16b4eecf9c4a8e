package io.fleetdeck.common.mdns;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The host name JmDNS announces. It is always passed explicitly: left to itself JmDNS reverse-resolves the address,
 * which stalls for seconds on a Pi without DNS (a known JmDNS fault).
 */
public final class HostNames {
    private HostNames() {
    }

    /** This machine's name from the kernel ({@code /proc/sys/kernel/hostname}), else $HOSTNAME, else "fleetdeck". */
    public static String local() {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.US_ASCII).strip();
            if (!name.isEmpty()) {
                return label(name);
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux: fall through.
        }
        String env = System.getenv("HOSTNAME");
        return label(env != null && !env.isBlank() ? env : "fleetdeck");
    }

    /**
     * A single DNS label of letters, digits and hyphens (RFC 952/1123), at most 63 characters: the first label of a
     * dotted name, other characters turned into hyphens.
     */
    public static String label(String name) {
        String first = name.strip();
        int dot = first.indexOf('.');
        if (dot > 0) {
            first = first.substring(0, dot);
        }
        String cleaned = first.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("^-+|-+$", "");
        if (cleaned.isEmpty()) {
            cleaned = "fleetdeck";
        }
        return cleaned.length() > 63 ? cleaned.substring(0, 63) : cleaned;
    }
}
