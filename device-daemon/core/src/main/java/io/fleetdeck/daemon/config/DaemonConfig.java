package io.fleetdeck.daemon.config;

import io.fleetdeck.daemon.mqtt.TelemetryEncodingChoice;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code fleetdeckd run} reads from its config file; see {@code assets/fleetdeckd.example.properties}.
 *
 * @param brokerUrl       {@code tcp://HOST:PORT}; empty: the console's broker, found over mDNS
 * @param keepAlive       MQTT keep-alive
 * @param deviceId        overrides the id derived from the board serial
 * @param stateDir        where the generated id and firmware state live
 * @param firmwareVersion announced firmware version when the state dir does not record one
 * @param sysfsRoot       normally {@code /sys}
 * @param procfsRoot      normally {@code /proc}
 * @param bufferCapacity  readings kept while offline
 * @param gpio            GPIO inputs and the identify LED
 * @param ds18b20         1-wire thermometers
 * @param soc             SoC thermal zone
 * @param bme280          I²C environment sensor
 * @param simulated       demo sensors on a real device
 * @param mdnsInterfaces  interfaces to announce on and browse (names or {@code all}); empty: the default
 * @param console         without a broker, the console id or instance name to accept (else the first found)
 * @param ota             firmware updates: slot size, health check, provisioned keys
 * @param brokerCaFile    the console's CA certificate (PEM): the only CA an {@code ssl://} broker and {@code https://}
 *                        image URLs are trusted by; required with an {@code ssl://} {@code broker.url}
 * @param telemetryEncoding {@code telemetry.encoding}: {@code auto} (compact only to a console found over mDNS that
 *                          announces it reads it), {@code json} or {@code compact}
 * @param tags            {@code device.tags}: the device's default tags, announced in its {@code info}; the console
 *                        groups devices by them and the operator may add or remove tags there
 */
public record DaemonConfig(Optional<String> brokerUrl, Duration keepAlive, Optional<String> deviceId, Path stateDir,
                           Optional<String> firmwareVersion, Path sysfsRoot, Path procfsRoot, int bufferCapacity,
                           Gpio gpio, Periodic ds18b20, Periodic soc, Bme280 bme280, Periodic simulated,
                           List<String> mdnsInterfaces, Optional<String> console, Ota ota,
                           Optional<Path> brokerCaFile, TelemetryEncodingChoice telemetryEncoding,
                           List<String> tags) {
    public DaemonConfig {
        tags = List.copyOf(tags);
        mdnsInterfaces = List.copyOf(mdnsInterfaces);
        Objects.requireNonNull(console, "console");
        Objects.requireNonNull(brokerUrl, "brokerUrl");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(ota, "ota");
        Objects.requireNonNull(brokerCaFile, "brokerCaFile");
        Objects.requireNonNull(telemetryEncoding, "telemetryEncoding");
    }

    /**
     * @param slots          where the A/B slots live: a directory off a Pi, or the card's tryboot partition pairs
     * @param slotCapacity   bytes each off-Pi slot ({@code <state-dir>/slots/slot-a.img}, {@code slot-b.img}) may hold
     * @param healthTimeout  how long a trial boot has to be back on the broker with a reading from every sensor
     * @param trustedKeysDir keys provisioned by the technician or the image ({@code *.pub}, PEM), read only; the keys
     *                       adopted over MQTT live in {@code <state-dir>/trusted-keys}
     * @param tryboot        the card layout, used when {@code slots} is {@link SlotKind#TRYBOOT}
     */
    public record Ota(SlotKind slots, long slotCapacity, Duration healthTimeout, Duration maxInstallTime,
                      Optional<Path> trustedKeysDir, Tryboot tryboot) {
        public Ota {
            Objects.requireNonNull(slots, "slots");
            Objects.requireNonNull(healthTimeout, "healthTimeout");
            Objects.requireNonNull(maxInstallTime, "maxInstallTime");
            Objects.requireNonNull(trustedKeysDir, "trustedKeysDir");
            Objects.requireNonNull(tryboot, "tryboot");
        }
    }

    /** {@code ota.slots}: which slot store {@code run} uses, and so how it "reboots". */
    public enum SlotKind {
        /** Two image files in {@code <state-dir>/slots}; a restart of the daemon (exit 75) is the reboot. */
        DIRECTORY,
        /** Two boot/root partition pairs switched by the Pi bootloader's tryboot (docs/pi-image.md). */
        TRYBOOT
    }

    /**
     * Where the tryboot slots are (docs/pi-image.md): boot A/B = p2/p3, root A/B = p5/p6 of {@code disk}.
     *
     * @param disk         the card, e.g. {@code /dev/mmcblk0}
     * @param bootselMount where the first FAT partition (holding {@code autoboot.txt}) is mounted
     * @param deviceTree   normally {@code /proc/device-tree}: which partition booted, whether on trial
     * @param bootIdFile   normally {@code /proc/sys/kernel/random/boot_id}: tells a reboot from a daemon restart
     * @param rebootPath   directories searched for {@code reboot} (PATH syntax); empty: the daemon's own PATH
     */
    public record Tryboot(Path disk, Path bootselMount, Path deviceTree, Path bootIdFile,
                          Optional<String> rebootPath) {
        public Tryboot {
            Objects.requireNonNull(disk, "disk");
            Objects.requireNonNull(bootselMount, "bootselMount");
            Objects.requireNonNull(deviceTree, "deviceTree");
            Objects.requireNonNull(bootIdFile, "bootIdFile");
            Objects.requireNonNull(rebootPath, "rebootPath");
        }
    }

    /** A sensor family that is on or off and sampled every {@code period}. */
    public record Periodic(boolean enabled, Duration period) {
    }

    /**
     * @param platform    {@code auto} (real hardware via the Pi4J plugins present) or {@code mock}
     * @param inputs      BCM pins read as digital inputs
     * @param outputs     BCM pins the operator may drive from the console's GPIO bench ({@code cmd/gpio}); no other
     *                    pin can be driven
     * @param pull        {@code up}, {@code down} or {@code off}
     * @param period      sampling period of the inputs
     * @param identifyPin BCM pin of an LED blinked by {@code cmd/identify}
     */
    public record Gpio(String platform, List<Integer> inputs, List<Integer> outputs, String pull, Duration period,
                       Optional<Integer> identifyPin) {
        public Gpio {
            inputs = List.copyOf(inputs);
            outputs = List.copyOf(outputs);
        }
    }

    public record Bme280(boolean enabled, int bus, int address, Duration period) {
    }
}
