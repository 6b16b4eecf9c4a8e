package io.fleetdeck.daemon.identity;

import java.util.Locale;
import java.util.Optional;

/**
 * The two facts the daemon takes from {@code /proc/cpuinfo}: the board serial ({@code Serial : 10000000abcd1234}) and
 * the model line ({@code Model : Raspberry Pi 4 Model B Rev 1.4}) that Raspberry Pi kernels append.
 */
public record CpuInfo(Optional<String> serial, Optional<String> model) {
    public static CpuInfo parse(String text) {
        String serial = null;
        String model = null;
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            if (key.equals("Serial") && value.matches("[0-9A-Fa-f]{8,16}")
                    && !value.chars().allMatch(c -> c == '0')) {
                serial = value.toLowerCase(Locale.ROOT);
            } else if (key.equals("Model") && !value.isEmpty()) {
                model = value;
            }
        }
        return new CpuInfo(Optional.ofNullable(serial), Optional.ofNullable(model));
    }

    /**
     * {@code pi-} and the serial without the constant {@code 10000000}/{@code 00000000} prefix older boards carry,
     * e.g. {@code 100000001234abcd} → {@code pi-1234abcd}; newer 16-digit serials are kept whole.
     */
    public static String deviceIdFor(String serial) {
        String s = serial.toLowerCase(Locale.ROOT);
        if (s.length() == 16 && (s.startsWith("10000000") || s.startsWith("00000000"))) {
            s = s.substring(8);
        }
        return "pi-" + s;
    }
}
