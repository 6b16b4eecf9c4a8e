package io.fleetdeck.common.mdns;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a DNS-SD TXT record's wire bytes (length-prefixed {@code key=value} strings) as RFC 6763 §6 says: keys are
 * printable ASCII and case-insensitive, only the first occurrence of a key counts, a string without {@code =} is a
 * key with no value. JmDNS's own reading lets a later duplicate win and throws everything away on one odd byte;
 * reading the bytes here keeps that behaviour under our control. Values stay bytes: whether they are UTF-8 is for
 * the announcement parsers in shared-model to decide.
 */
public final class TxtBytes {
    private TxtBytes() {
    }

    /** Whether the record carries anything: JmDNS reports "no TXT yet" as empty or as one zero-length string. */
    public static boolean present(byte[] wire) {
        return wire != null && wire.length > 0 && !(wire.length == 1 && wire[0] == 0);
    }

    public static Map<String, byte[]> parse(byte[] wire) {
        Map<String, byte[]> pairs = new LinkedHashMap<>();
        int offset = 0;
        while (wire != null && offset < wire.length) {
            int length = wire[offset++] & 0xff;
            if (offset + length > wire.length) {
                break; // truncated: keep what was whole
            }
            int equals = offset;
            while (equals < offset + length && wire[equals] != '=') {
                equals++;
            }
            String key = asciiKey(wire, offset, equals);
            if (key != null && !pairs.containsKey(key)) {
                byte[] value = new byte[Math.max(0, offset + length - equals - 1)];
                if (value.length > 0) {
                    System.arraycopy(wire, equals + 1, value, 0, value.length);
                }
                pairs.put(key, value);
            }
            offset += length;
        }
        return Collections.unmodifiableMap(pairs);
    }

    private static String asciiKey(byte[] wire, int from, int to) {
        if (to == from) {
            return null;
        }
        for (int i = from; i < to; i++) {
            if (wire[i] < 0x20 || wire[i] > 0x7e) {
                return null;
            }
        }
        return new String(wire, from, to - from, StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT);
    }
}
