package io.fleetdeck.common.images;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The header of a simulated firmware image ({@link SimImages}) as a booted slot holds it: which version it claims and
 * whether it is built to pass its health check. A slot without the header (never written, or a real image) is healthy.
 */
public record SimFirmware(String version, boolean healthy) {
    static final String MAGIC = "FLEETDECK-SIM-FIRMWARE\n";
    private static final int HEADER_LIMIT = 512;

    static byte[] header(String version, boolean healthy) {
        return (MAGIC + "version=" + version + "\nhealth=" + (healthy ? "ok" : "fail") + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The header at the start of {@code slotFile}; empty when the file is missing or holds no simulated image. */
    public static Optional<SimFirmware> read(Path slotFile) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(slotFile)) {
            head = in.readNBytes(HEADER_LIMIT);
        } catch (NoSuchFileException absent) {
            return Optional.empty();
        }
        String text = new String(head, StandardCharsets.UTF_8);
        if (!text.startsWith(MAGIC)) {
            return Optional.empty();
        }
        String version = "";
        boolean healthy = true;
        for (String line : text.substring(MAGIC.length()).split("\n")) {
            if (line.startsWith("version=")) {
                version = line.substring("version=".length());
            } else if (line.startsWith("health=")) {
                healthy = !line.substring("health=".length()).equals("fail");
                break;
            }
        }
        return Optional.of(new SimFirmware(version, healthy));
    }
}
