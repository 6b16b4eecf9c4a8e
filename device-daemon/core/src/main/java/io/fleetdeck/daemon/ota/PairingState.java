package io.fleetdeck.daemon.ota;

import io.fleetdeck.common.files.DurableFiles;
import io.fleetdeck.model.PairingCode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The pairing code of a device that trusts no console yet, in {@code <stateDir>/pairing-code} (0600), made on first
 * need and deleted once a console proved it; and the brake on guessing: five wrong proofs within ten minutes lock
 * pairing for ten minutes. At 40 bits and five guesses per ten minutes, guessing is hopeless; the code never changes
 * because of wrong guesses, so nobody can make the operator's code stale by guessing.
 */
public final class PairingState {
    static final String FILE = "pairing-code";
    static final int MAX_WRONG = 5;
    static final Duration WINDOW = Duration.ofMinutes(10);
    private static final Set<PosixFilePermission> OWNER_ONLY = Set.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);

    private final Path file;
    private final LongSupplier clock;
    private final SecureRandom random = new SecureRandom();
    private final Deque<Long> wrong = new ArrayDeque<>();
    private long lockedUntil;

    public PairingState(Path stateDir, LongSupplier clock) {
        this.file = stateDir.resolve(FILE);
        this.clock = clock;
    }

    /** The code, made and kept on first use. */
    public synchronized PairingCode code() throws IOException {
        try {
            return PairingCode.parse(Files.readString(file, StandardCharsets.US_ASCII).strip());
        } catch (NoSuchFileException | IllegalArgumentException absentOrDamaged) {
            PairingCode fresh = PairingCode.random(random);
            DurableFiles.writeAtomically(file, fresh.display() + "\n", OWNER_ONLY);
            return fresh;
        }
    }

    /** The code as kept, without making one. */
    synchronized Optional<PairingCode> existing() {
        try {
            return Optional.of(PairingCode.parse(Files.readString(file, StandardCharsets.US_ASCII).strip()));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** How long pairing stays locked after too many wrong proofs; zero when it is open. */
    synchronized Duration lockedFor() {
        long left = lockedUntil - clock.getAsLong();
        return left > 0 ? Duration.ofMillis(left) : Duration.ZERO;
    }

    /** Counts a wrong proof; returns true when it locked pairing. */
    synchronized boolean wrongProof() {
        long now = clock.getAsLong();
        wrong.addLast(now);
        while (!wrong.isEmpty() && wrong.peekFirst() <= now - WINDOW.toMillis()) {
            wrong.removeFirst();
        }
        if (wrong.size() >= MAX_WRONG) {
            lockedUntil = now + WINDOW.toMillis();
            wrong.clear();
            return true;
        }
        return false;
    }

    /** The code did its job: a console is trusted now. */
    synchronized void consumed() throws IOException {
        Files.deleteIfExists(file);
        wrong.clear();
    }

    Path file() {
        return file;
    }
}
