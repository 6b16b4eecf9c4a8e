package io.fleetdeck.console.runtime;

import io.fleetdeck.common.files.DurableFiles;
import io.fleetdeck.model.DeviceId;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The console's stable id, kept in its data directory: the MQTT client id (so an external broker keeps the session
 * and queues telemetry while the console is closed) and the name it announces itself by.
 */
public final class ConsoleIdentity {
    static final String FILE = "console-id";

    private ConsoleIdentity() {
    }

    /** Reads the id, creating it on first use (crash-safe: {@link DurableFiles}). */
    public static String load(Path dataDirectory) {
        Path file = dataDirectory.resolve(FILE);
        try {
            if (Files.exists(file)) {
                return DeviceId.of(Files.readString(file, StandardCharsets.UTF_8).strip()).value();
            }
            byte[] random = new byte[4];
            new SecureRandom().nextBytes(random);
            String id = "console-" + HexFormat.of().formatHex(random);
            DurableFiles.writeAtomically(file, id + "\n");
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the console id in " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(file + " does not hold a valid console id: " + e.getMessage(), e);
        }
    }
}
