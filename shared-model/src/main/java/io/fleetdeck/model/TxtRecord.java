package io.fleetdeck.model;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * DNS-SD TXT key/value pairs (RFC 6763 §6) as this protocol uses them: UTF-8, each pair at most 255 bytes, the whole
 * record small. Decoding is strict so a hostile record is refused instead of half-read.
 */
final class TxtRecord {
    /** RFC 6763 recommends staying under 1300 bytes so the record fits one packet with its SRV and A records. */
    static final int MAX_BYTES = 1300;

    private TxtRecord() {
    }

    static Map<String, String> decode(String instance, Map<String, byte[]> raw) throws AnnouncementException {
        int total = 0;
        Map<String, String> text = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> entry : raw.entrySet()) {
            byte[] value = entry.getValue() == null ? new byte[0] : entry.getValue();
            total += entry.getKey().length() + 2 + value.length;
            if (total > MAX_BYTES) {
                throw new AnnouncementException(AnnouncementException.Reason.TOO_LARGE, instance,
                        "TXT record over " + MAX_BYTES + " bytes");
            }
            text.put(entry.getKey(), utf8(instance, entry.getKey(), value));
        }
        return text;
    }

    static String require(String instance, Map<String, String> txt, String key) throws AnnouncementException {
        String value = txt.get(key);
        if (value == null || value.isEmpty()) {
            throw new AnnouncementException(AnnouncementException.Reason.MISSING_KEY, instance, "no " + key + "=");
        }
        return value;
    }

    static void requireVersion(String instance, Map<String, String> txt) throws AnnouncementException {
        String proto = require(instance, txt, "proto");
        if (!proto.equals(String.valueOf(ProtocolVersion.CURRENT))) {
            throw new AnnouncementException(AnnouncementException.Reason.UNKNOWN_VERSION, instance,
                    "proto=" + Identifiers.quote(proto) + ", this side speaks " + ProtocolVersion.CURRENT);
        }
    }

    private static String utf8(String instance, String key, byte[] value) throws AnnouncementException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException e) {
            throw new AnnouncementException(AnnouncementException.Reason.NOT_UTF8, instance,
                    "value of " + Identifiers.quote(key) + " is not UTF-8");
        }
    }
}
