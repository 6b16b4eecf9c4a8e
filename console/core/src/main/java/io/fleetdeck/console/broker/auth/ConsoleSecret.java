package io.fleetdeck.console.broker.auth;

import io.fleetdeck.common.files.DurableFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * The console role's broker password, made once and kept in {@code <data>/broker-console.secret} (mode 0600): the
 * window and the {@code deploy} command read it from the same data directory, so whoever can read that directory is
 * the console, and nobody else.
 */
public final class ConsoleSecret {
    public static final String FILE = "broker-console.secret";
    private static final Set<PosixFilePermission> OWNER_ONLY = Set.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);

    private ConsoleSecret() {
    }

    /**
     * The password in {@code dataDirectory}, made (before use, durably) on the first call.
     *
     * @throws UncheckedIOException naming the file when it cannot be read or written
     */
    public static String loadOrCreate(Path dataDirectory) {
        Path file = dataDirectory.resolve(FILE);
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
            if (text.length() >= 16) {
                return text;
            }
        } catch (NoSuchFileException absent) {
            // made below
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the console's broker password " + file, e);
        }
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        String fresh = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        try {
            Files.createDirectories(dataDirectory);
            DurableFiles.writeAtomically(file, fresh + "\n", OWNER_ONLY);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the console's broker password " + file, e);
        }
        return fresh;
    }
}
