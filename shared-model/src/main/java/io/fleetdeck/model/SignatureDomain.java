package io.fleetdeck.model;

import java.nio.charset.StandardCharsets;

/**
 * What a {@link MessageSignature} is for, written first into the signed bytes so a signature made for one use can
 * never be taken for another: a device's signed response can never pass as a console's command, even if one day both
 * were made with the same key, and the other way round.
 */
public enum SignatureDomain {
    /** Commands a console sends to a device, signed with the operator key. */
    COMMAND("fleetdeck-cmd-v1"),
    /** Install reports and command responses a device sends, signed with the device key. */
    REPORT("fleetdeck-report-v1");

    private final String prefix;

    SignatureDomain(String prefix) {
        this.prefix = prefix;
    }

    /** The first line of the signed bytes, e.g. {@code fleetdeck-cmd-v1}. */
    public String prefix() {
        return prefix;
    }

    byte[] prefixBytes() {
        return prefix.getBytes(StandardCharsets.US_ASCII);
    }
}
