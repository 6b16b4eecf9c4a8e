package io.fleetdeck.daemon.identity;

import io.fleetdeck.common.files.DurableFiles;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.InvalidIdentifierException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Decides the device id, stable across reboots and reinstalls: an id from the config wins; otherwise the board serial
 * from {@code <procfs>/cpuinfo}; otherwise the id persisted in {@code <stateDir>/device-id}; otherwise a new random id,
 * persisted there before it is used so it never changes after the first boot.
 */
public final class DeviceIdResolver {
    static final String STATE_FILE = "device-id";

    private final Path procRoot;
    private final Path stateDir;
    private final RandomGenerator random;

    public DeviceIdResolver(Path procRoot, Path stateDir, RandomGenerator random) {
        this.procRoot = Objects.requireNonNull(procRoot, "procRoot");
        this.stateDir = Objects.requireNonNull(stateDir, "stateDir");
        this.random = Objects.requireNonNull(random, "random");
    }

    public DeviceIdentity resolve(Optional<String> configured) throws IdentityException {
        CpuInfo cpu = readCpuInfo();
        String serial = cpu.serial().orElse("");
        String model = cpu.model().orElse("unknown");
        if (configured.isPresent()) {
            return new DeviceIdentity(validate(configured.get(), Path.of("(config device.id)")), serial, model,
                    DeviceIdentity.Source.CONFIG);
        }
        if (cpu.serial().isPresent()) {
            return new DeviceIdentity(DeviceId.of(CpuInfo.deviceIdFor(serial)), serial, model,
                    DeviceIdentity.Source.CPU_SERIAL);
        }
        Path file = stateDir.resolve(STATE_FILE);
        try {
            String stored = Files.readString(file, StandardCharsets.UTF_8).strip();
            return new DeviceIdentity(validate(stored, file), serial, model, DeviceIdentity.Source.STATE_FILE);
        } catch (NoSuchFileException absent) {
            DeviceId generated = DeviceId.of("fd-" + HexFormat.of().toHexDigits(random.nextLong()).substring(4));
            try {
                DurableFiles.writeAtomically(file, generated.value() + "\n");
            } catch (IOException e) {
                throw new IdentityException(file, "cannot persist the generated device id " + generated
                        + " (is the state directory writable?): " + e.getMessage(), e);
            }
            return new DeviceIdentity(generated, serial, model, DeviceIdentity.Source.GENERATED);
        } catch (IOException e) {
            throw new IdentityException(file, "cannot read the stored device id: " + e.getMessage(), e);
        }
    }

    private CpuInfo readCpuInfo() {
        try {
            return CpuInfo.parse(Files.readString(procRoot.resolve("cpuinfo"), StandardCharsets.UTF_8));
        } catch (IOException e) {
            // Not Linux, or a container without /proc: fall through to the persisted id.
            return new CpuInfo(Optional.empty(), Optional.empty());
        }
    }

    private static DeviceId validate(String text, Path where) throws IdentityException {
        try {
            return DeviceId.of(text);
        } catch (InvalidIdentifierException e) {
            throw new IdentityException(where, e.getMessage(), e);
        }
    }
}
