package io.fleetdeck.console.firmware;

import io.fleetdeck.model.ManifestSignatures;
import io.fleetdeck.model.PayloadCodec;

import java.nio.file.Path;
import java.time.Clock;

/** Imports one image in a JVM started with a heap far smaller than the image; exits 0 on success. */
final class SmallHeapImport {
    private SmallHeapImport() {
    }

    public static void main(String[] args) {
        Path dataDir = Path.of(args[0]);
        try (SqliteFirmwareLibrary library = SqliteFirmwareLibrary.open(dataDir, OperatorKey.loadOrCreate(dataDir),
                new ManifestSignatures(new PayloadCodec()), Clock.systemUTC())) {
            FirmwareImage image = library.importImage(Path.of(args[1]));
            System.exit(image.rawSize() == Long.parseLong(args[2]) ? 0 : 2);
        }
    }
}
