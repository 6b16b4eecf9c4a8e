package io.fleetdeck.daemon.identity;

import io.fleetdeck.common.files.DurableFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * The password this device gives the broker, next to its id as user name. The device makes it up when a console
 * adopts it and hands it over in its signed answer; the console keeps only a hash. Kept in
 * {@code <stateDir>/broker-password} (mode 0600), or only in memory for virtual devices without a state directory.
 *
 * <p>A broker that refuses the password (another console, a reset history) must not lock the device out: after a
 * refusal the device connects without one, as a device nobody adopted, so its tile shows and it can be adopted again.
 */
public final class BrokerPassword {
    public static final String FILE = "broker-password";
    private static final Set<PosixFilePermission> OWNER_ONLY = Set.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);

    private final Optional<Path> file;
    private final SecureRandom random = new SecureRandom();
    private volatile Optional<String> password;
    private volatile boolean refused;

    private BrokerPassword(Optional<Path> file, Optional<String> password) {
        this.file = file;
        this.password = password;
    }

    /** The password kept in {@code stateDir}, if the device was adopted. */
    public static BrokerPassword load(Path stateDir) throws IdentityException {
        Path path = stateDir.resolve(FILE);
        try {
            String text = Files.readString(path, StandardCharsets.US_ASCII).strip();
            return new BrokerPassword(Optional.of(path), text.isEmpty() ? Optional.empty() : Optional.of(text));
        } catch (NoSuchFileException absent) {
            return new BrokerPassword(Optional.of(path), Optional.empty());
        } catch (IOException e) {
            throw new IdentityException(path, "cannot read the broker password: " + e.getMessage(), e);
        }
    }

    /** A device that keeps its password only in memory. */
    public static BrokerPassword inMemory() {
        return new BrokerPassword(Optional.empty(), Optional.empty());
    }

    /** What to send at the next CONNECT: nothing before adoption, or after the broker refused the password. */
    public Optional<String> forConnect() {
        return refused ? Optional.empty() : password;
    }

    /**
     * The password to hand a console that adopts this device: the one it has, or a new 256-bit one kept durably
     * before anyone sees it. Keeping it across re-adoptions means a replayed adoption cannot lock the device out by
     * changing a password the console never hears of.
     */
    public synchronized String forAdoption() throws IOException {
        refused = false;
        if (password.isPresent()) {
            return password.get();
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String fresh = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        if (file.isPresent()) {
            DurableFiles.writeAtomically(file.get(), fresh + "\n", OWNER_ONLY);
        }
        password = Optional.of(fresh);
        return fresh;
    }

    /** The broker said the password is wrong: connect without it from now on, until a console issues a new one. */
    public void refused() {
        refused = true;
    }

    /** The broker asked for a password after all: send it again at the next CONNECT. */
    public void retry() {
        refused = false;
    }

    public boolean isRefused() {
        return refused;
    }
}
