package io.fleetdeck.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a device says about itself over mDNS, in the TXT record of its {@code _fleetdeck._tcp} service:
 * {@code id}, {@code model}, {@code fw}, {@code proto} and {@code fp} (its key fingerprint).
 */
public record DeviceAnnouncement(DeviceId id, String model, String firmwareVersion, KeyFingerprint fingerprint) {
    public static final String SERVICE_TYPE = "_fleetdeck._tcp.local.";

    public DeviceAnnouncement {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(firmwareVersion, "firmwareVersion");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Payloads.requireLength("model", model, 128);
        Payloads.requireLength("firmwareVersion", firmwareVersion, 64);
    }

    /** TXT keys and values, in a stable order. */
    public Map<String, String> toTxt() {
        Map<String, String> txt = new LinkedHashMap<>();
        txt.put("txtvers", "1");
        txt.put("proto", String.valueOf(ProtocolVersion.CURRENT));
        txt.put("id", id.value());
        txt.put("model", model);
        txt.put("fw", firmwareVersion);
        txt.put("fp", fingerprint.value());
        return txt;
    }

    /** Reads a received TXT record strictly; {@code instance} is only for the error message. */
    public static DeviceAnnouncement fromTxt(String instance, Map<String, byte[]> raw) throws AnnouncementException {
        Map<String, String> txt = TxtRecord.decode(instance, raw);
        TxtRecord.requireVersion(instance, txt);
        try {
            return new DeviceAnnouncement(new DeviceId(TxtRecord.require(instance, txt, "id")),
                    TxtRecord.require(instance, txt, "model"), TxtRecord.require(instance, txt, "fw"),
                    new KeyFingerprint(TxtRecord.require(instance, txt, "fp")));
        } catch (IllegalArgumentException e) {
            throw new AnnouncementException(AnnouncementException.Reason.INVALID_VALUE, instance, e.getMessage());
        }
    }
}
