package io.fleetdeck.simulator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removes the temporary state of a fleet run without --state-dir. */
final class TemporaryDirectories {
    private static final Logger log = LoggerFactory.getLogger(TemporaryDirectories.class);

    private TemporaryDirectories() {
    }

    static void deleteQuietly(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            log.warn("could not delete the temporary fleet state {}: {}", root, e.getMessage());
        }
    }
}
