package io.fleetdeck.model;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.OptBoolean;

import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a release promises about its image, signed by the operator's key: the device checks the signature before
 * it trusts any other field, then the size and SHA-256 of what it wrote before it marks the slot bootable.
 *
 * @param v          protocol version
 * @param version    the firmware version the device will report after the update
 * @param models     board models the image is built for, as in {@link DeviceInfo#model()} prefixes
 * @param rawSize    bytes of the uncompressed image, the number written to the slot
 * @param rawSha256  lower-case hex SHA-256 of the uncompressed image
 * @param createdMs  epoch ms when the release was signed
 * @param securityVersion anti-rollback level, 0 or more: a device refuses a release below the highest it committed
 *                   unless the install allows a downgrade. Left out of the JSON when 0, so a manifest signed before
 *                   the field existed keeps its canonical bytes (and its signature), and reads back as 0.
 */
public record FirmwareManifest(int v, String version, List<String> models, long rawSize, String rawSha256,
                               long createdMs,
                               @JsonInclude(JsonInclude.Include.NON_DEFAULT)
                               @JacksonInject(value = FirmwareManifest.NO_SECURITY_VERSION, useInput = OptBoolean.TRUE)
                               int securityVersion) {
    /** Id of the value {@link PayloadCodec} injects when the JSON has no {@code securityVersion}: 0. */
    static final String NO_SECURITY_VERSION = "fleetdeck.manifest.securityVersion.absent";
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    public FirmwareManifest {
        Objects.requireNonNull(version, "version");
        Payloads.requireLength("version", version, 64);
        if (version.isBlank()) {
            throw new IllegalArgumentException("version is blank");
        }
        models = List.copyOf(Objects.requireNonNull(models, "models"));
        if (models.isEmpty() || models.size() > 16) {
            throw new IllegalArgumentException("a manifest names 1..16 models, not " + models.size());
        }
        for (String model : models) {
            Payloads.requireLength("model", model, 128);
        }
        if (rawSize <= 0) {
            throw new IllegalArgumentException("rawSize is not positive: " + rawSize);
        }
        if (rawSha256 == null || !SHA256_HEX.matcher(rawSha256).matches()) {
            throw new IllegalArgumentException("rawSha256 is not 64 lower-case hex digits: "
                    + Identifiers.quote(rawSha256));
        }
        if (securityVersion < 0) {
            throw new IllegalArgumentException("securityVersion is negative: " + securityVersion);
        }
    }

    /** A release without anti-rollback level (security version 0), as every manifest before the field. */
    public FirmwareManifest(int v, String version, List<String> models, long rawSize, String rawSha256,
                            long createdMs) {
        this(v, version, models, rawSize, rawSha256, createdMs, 0);
    }

    public FirmwareManifest(String version, List<String> models, long rawSize, byte[] rawSha256, long createdMs) {
        this(ProtocolVersion.CURRENT, version, models, rawSize, HexFormat.of().formatHex(rawSha256), createdMs, 0);
    }

    /** The same release at another anti-rollback level. */
    public FirmwareManifest withSecurityVersion(int level) {
        return new FirmwareManifest(v, version, models, rawSize, rawSha256, createdMs, level);
    }

    /** Whether a board reporting {@code model} may take this image: a listed model is a prefix of it. */
    public boolean fits(String model) {
        return models.stream().anyMatch(model::startsWith);
    }
}
