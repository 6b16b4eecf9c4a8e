package io.fleetdeck.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code fleetdeck-bench-ota} does; defaults are issue #4's: one 256 MiB image to 20 devices, three runs.
 *
 * @param runDir  logs, per-device phase times; the images and slots while a run lasts
 * @param sizeMib raw image size
 * @param devices simulated devices, and curl downloads at once
 * @param runs    repetitions; the report gives each and the median
 * @param maxLoad wait (polling every 30 s, up to 20 min) until the 1-minute load average is at most this before the
 *                first run; NaN to start at once
 * @param deviceJvmOptions extra options for the device-side JVMs (fleet and installer), to try a setting; none by
 *                default, so the figures are the product's as shipped
 */
record OtaBenchSettings(Path runDir, int sizeMib, int devices, int runs, double maxLoad,
                        List<String> deviceJvmOptions) {
    static final String USAGE = "usage: fleetdeck-bench-ota [--size-mib 256] [--devices 20] [--runs 3] "
            + "[--max-load L] [--device-jvm-option OPTION]...";

    OtaBenchSettings {
        if (sizeMib < 1 || devices < 1 || devices > 200 || runs < 1) {
            throw new IllegalArgumentException("size, devices (1..200) and runs must be positive; " + USAGE);
        }
        deviceJvmOptions = List.copyOf(deviceJvmOptions);
    }

    static OtaBenchSettings parse(String[] argv, Path runDir) {
        int size = 256;
        int devices = 20;
        int runs = 3;
        double maxLoad = Double.NaN;
        List<String> deviceOptions = new ArrayList<>();
        for (int i = 0; i < argv.length; i++) {
            if (i + 1 >= argv.length) {
                throw new IllegalArgumentException(argv[i] + " needs a value; " + USAGE);
            }
            String value = argv[++i];
            switch (argv[i - 1]) {
                case "--size-mib" -> size = Integer.parseInt(value);
                case "--devices" -> devices = Integer.parseInt(value);
                case "--runs" -> runs = Integer.parseInt(value);
                case "--max-load" -> maxLoad = Double.parseDouble(value);
                case "--device-jvm-option" -> deviceOptions.add(value);
                default -> throw new IllegalArgumentException("unknown option " + argv[i - 1] + "; " + USAGE);
            }
        }
        return new OtaBenchSettings(runDir, size, devices, runs, maxLoad, deviceOptions);
    }

    long bytes() {
        return (long) sizeMib << 20;
    }

    /** Slot size given to the simulated devices: the image and some room. */
    long slotCapacityMib() {
        return sizeMib + 64L;
    }
}
