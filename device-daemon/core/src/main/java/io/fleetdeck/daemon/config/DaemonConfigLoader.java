package io.fleetdeck.daemon.config;

import io.fleetdeck.daemon.mqtt.MqttSettings;
import io.fleetdeck.daemon.mqtt.TelemetryEncodingChoice;
import io.fleetdeck.model.DeviceInfo;
import io.fleetdeck.model.Identifiers;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code run} config, a Java properties file (no extra parser on the Pi, and {@code key = value} is what a
 * technician edits over SSH without surprises). Unknown keys are errors, so a typo does not silently mean "default".
 */
public final class DaemonConfigLoader {
    private static final Set<String> KEYS = Set.of(
            "broker.url", "broker.keep-alive", "broker.ca-file",
            "device.id", "device.state-dir", "device.firmware-version", "device.tags",
            "paths.sysfs", "paths.procfs", "telemetry.buffer", "telemetry.encoding",
            "gpio.platform", "gpio.inputs", "gpio.outputs", "gpio.pull", "gpio.period", "gpio.identify-pin",
            "ds18b20.enabled", "ds18b20.period",
            "soc.enabled", "soc.period",
            "bme280.enabled", "bme280.bus", "bme280.address", "bme280.period",
            "simulated.enabled", "simulated.period",
            "mdns.interfaces", "mdns.console",
            "ota.slots", "ota.slot-capacity-mib", "ota.health-timeout", "ota.max-install-time", "ota.trusted-keys-dir",
            "ota.tryboot.disk", "ota.tryboot.bootsel-mount", "ota.tryboot.device-tree", "ota.tryboot.boot-id",
            "ota.tryboot.reboot-path");
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

    public DaemonConfig load(Path file) throws ConfigException {
        try {
            return parse(file);
        } catch (BadValue e) {
            throw (ConfigException) e.getCause();
        }
    }

    private DaemonConfig parse(Path file) throws ConfigException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new ConfigException(file, null, "cannot read config: " + e, e);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(file, null, "not a properties file: " + e.getMessage(), e);
        }
        Set<String> unknown = new TreeSet<>(properties.stringPropertyNames());
        unknown.removeAll(KEYS);
        if (!unknown.isEmpty()) {
            throw new ConfigException(file, unknown.iterator().next(), "unknown key; known keys are " + new TreeSet<>(KEYS));
        }
        Fields f = new Fields(file, properties);
        Optional<String> broker = f.optional("broker.url");
        try {
            broker.ifPresent(MqttSettings::requireBrokerUrl);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(file, "broker.url", e.getMessage());
        }
        Optional<Path> caFile = f.optional("broker.ca-file").map(Path::of);
        if (broker.filter(url -> url.startsWith("ssl://")).isPresent() && caFile.isEmpty()) {
            // Trusting the JDK's public CAs instead would let any holder of a public certificate pose as the console.
            throw new ConfigException(file, "broker.ca-file", "an ssl:// broker.url needs the console's CA"
                    + " certificate here (PEM; fleetdeck writes it to <data>/tls/ca.pem)");
        }
        return new DaemonConfig(
                broker,
                f.duration("broker.keep-alive", Duration.ofSeconds(10)),
                f.optional("device.id"),
                Path.of(f.string("device.state-dir", "/var/lib/fleetdeckd")),
                f.optional("device.firmware-version"),
                Path.of(f.string("paths.sysfs", "/sys")),
                Path.of(f.string("paths.procfs", "/proc")),
                f.integer("telemetry.buffer", 10_000, 1, 1_000_000),
                gpio(file, f),
                new DaemonConfig.Periodic(f.bool("ds18b20.enabled", false), f.duration("ds18b20.period",
                        Duration.ofSeconds(10))),
                new DaemonConfig.Periodic(f.bool("soc.enabled", true), f.duration("soc.period", Duration.ofSeconds(5))),
                new DaemonConfig.Bme280(f.bool("bme280.enabled", false), f.integer("bme280.bus", 1, 0, 31),
                        f.integer("bme280.address", 0x76, 0x03, 0x77), f.duration("bme280.period",
                        Duration.ofSeconds(10))),
                new DaemonConfig.Periodic(f.bool("simulated.enabled", false), f.duration("simulated.period",
                        Duration.ofSeconds(1))),
                f.list("mdns.interfaces"),
                f.optional("mdns.console"),
                new DaemonConfig.Ota(
                        DaemonConfig.SlotKind.valueOf(f.oneOf("ota.slots", "directory", "directory", "tryboot")
                                .toUpperCase(java.util.Locale.ROOT)),
                        (long) f.integer("ota.slot-capacity-mib", 512, 1, 1 << 20) << 20,
                        f.duration("ota.health-timeout", Duration.ofSeconds(60)),
                        f.duration("ota.max-install-time", Duration.ofHours(2)),
                        f.optional("ota.trusted-keys-dir").map(Path::of),
                        new DaemonConfig.Tryboot(
                                Path.of(f.string("ota.tryboot.disk", "/dev/mmcblk0")),
                                Path.of(f.string("ota.tryboot.bootsel-mount", "/boot/bootsel")),
                                Path.of(f.string("ota.tryboot.device-tree", "/proc/device-tree")),
                                Path.of(f.string("ota.tryboot.boot-id", "/proc/sys/kernel/random/boot_id")),
                                f.optional("ota.tryboot.reboot-path"))),
                caFile,
                TelemetryEncodingChoice.parse(f.oneOf("telemetry.encoding", "auto", "auto", "json", "compact")),
                f.tags("device.tags"));
    }

    /** The GPIO section; a pin is an input, an output or the identify LED, never two of them. */
    private static DaemonConfig.Gpio gpio(Path file, Fields f) throws ConfigException {
        DaemonConfig.Gpio gpio = new DaemonConfig.Gpio(
                f.oneOf("gpio.platform", "auto", "auto", "mock"),
                f.pins("gpio.inputs"),
                f.pins("gpio.outputs"),
                f.oneOf("gpio.pull", "down", "up", "down", "off"),
                f.duration("gpio.period", Duration.ofSeconds(1)),
                f.optional("gpio.identify-pin").map(v -> f.integerValue("gpio.identify-pin", v, 0, 53)));
        Set<Integer> seen = new java.util.HashSet<>(gpio.inputs());
        for (int pin : gpio.outputs()) {
            if (!seen.add(pin) || gpio.identifyPin().filter(led -> led == pin).isPresent()) {
                throw new ConfigException(file, "gpio.outputs", "GPIO " + pin + " is also an input, the identify LED"
                        + " or listed twice: a pin has one job");
            }
        }
        if (seen.size() != gpio.inputs().size() + gpio.outputs().size()) {
            throw new ConfigException(file, "gpio.inputs", "a pin is listed twice");
        }
        return gpio;
    }

    /** Typed access that turns every bad value into a {@link ConfigException} naming the key. */
    private record Fields(Path file, Properties properties) {
        Optional<String> optional(String key) {
            String value = properties.getProperty(key);
            return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
        }

        String string(String key, String fallback) {
            return optional(key).orElse(fallback);
        }

        String oneOf(String key, String fallback, String... allowed) {
            String value = string(key, fallback);
            if (!List.of(allowed).contains(value)) {
                throw bad(key, value, "one of " + String.join(", ", allowed));
            }
            return value;
        }

        boolean bool(String key, boolean fallback) {
            String value = string(key, Boolean.toString(fallback));
            return switch (value) {
                case "true", "yes", "on" -> true;
                case "false", "no", "off" -> false;
                default -> throw bad(key, value, "true or false");
            };
        }

        int integer(String key, int fallback, int min, int max) {
            return optional(key).map(v -> integerValue(key, v, min, max)).orElse(fallback);
        }

        int integerValue(String key, String value, int min, int max) {
            int parsed;
            try {
                parsed = value.startsWith("0x") ? Integer.parseInt(value.substring(2), 16) : Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw bad(key, value, "an integer (0x.. for hex)");
            }
            if (parsed < min || parsed > max) {
                throw bad(key, value, "between " + min + " and " + max);
            }
            return parsed;
        }

        List<String> list(String key) {
            List<String> items = new ArrayList<>();
            for (String part : string(key, "").split(",")) {
                if (!part.isBlank()) {
                    items.add(part.strip());
                }
            }
            return items;
        }

        /** Lower-cased, so {@code Lab} in a hand-edited file is the same tag as {@code lab} in the console. */
        List<String> tags(String key) {
            List<String> tags = new ArrayList<>();
            for (String item : list(key)) {
                String tag = item.toLowerCase(java.util.Locale.ROOT);
                try {
                    Identifiers.requireTag(tag);
                } catch (IllegalArgumentException e) {
                    throw bad(key, item, "tags of 1-32 of a-z 0-9 _ . : -, separated by commas");
                }
                if (!tags.contains(tag)) {
                    tags.add(tag);
                }
            }
            if (tags.size() > DeviceInfo.MAX_TAGS) {
                throw bad(key, String.join(",", tags), "at most " + DeviceInfo.MAX_TAGS + " tags");
            }
            return tags;
        }

        List<Integer> pins(String key) {
            List<Integer> pins = new ArrayList<>();
            for (String part : string(key, "").split(",")) {
                if (!part.isBlank()) {
                    pins.add(integerValue(key, part.strip(), 0, 53));
                }
            }
            return pins;
        }

        Duration duration(String key, Duration fallback) {
            Optional<String> value = optional(key);
            if (value.isEmpty()) {
                return fallback;
            }
            Matcher m = DURATION.matcher(value.get());
            if (!m.matches()) {
                throw bad(key, value.get(), "a duration like 500ms, 10s, 5m or 1h");
            }
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
            if (d.toMillis() < 10) {
                throw bad(key, value.get(), "at least 10ms");
            }
            return d;
        }

        private BadValue bad(String key, String value, String expected) {
            return new BadValue(new ConfigException(file, key, "\"" + value + "\" is not " + expected));
        }
    }

    /** Carries a {@link ConfigException} out of the lambdas above; unwrapped in {@link #load}. */
    private static final class BadValue extends RuntimeException {
        BadValue(ConfigException cause) {
            super(cause);
        }
    }
}
