package io.fleetdeck.console.rollout;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Ids for install jobs and throwaway pre-flight jobs, which devices echo in their answers and reports. */
final class JobIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private JobIds() {
    }

    /** {@code prefix}, a dash and twelve random hex digits. */
    static String next(String prefix) {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return prefix + "-" + HexFormat.of().formatHex(bytes);
    }
}
