package io.fleetdeck.daemon.config;

import io.fleetdeck.model.Slot;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * The running firmware version and A/B slot, from {@code <stateDir>/firmware.properties} ({@code version=},
 * {@code slot=A|B}), which the OTA updater writes after a switch; the config's version and slot A otherwise.
 */
public record FirmwareState(String version, Slot slot) {
    public static final String FILE = "firmware.properties";
    public static final String UNKNOWN_VERSION = "unknown";

    public static FirmwareState load(Path stateDir, Optional<String> configuredVersion) throws ConfigException {
        Path file = stateDir.resolve(FILE);
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException absent) {
            return new FirmwareState(configuredVersion.orElse(UNKNOWN_VERSION), Slot.A);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(file, null, "cannot read firmware state: " + e.getMessage(), e);
        }
        String version = properties.getProperty("version", configuredVersion.orElse(UNKNOWN_VERSION)).strip();
        String slot = properties.getProperty("slot", "A").strip();
        if (!slot.equals("A") && !slot.equals("B")) {
            throw new ConfigException(file, "slot", "\"" + slot + "\" is not A or B");
        }
        return new FirmwareState(version, Slot.valueOf(slot));
    }
}
