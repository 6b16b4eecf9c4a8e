package io.fleetdeck.model;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a console says over mDNS, in the TXT record of its {@code _fleetdeck-console._tcp} service: its id, the MQTT
 * broker its devices should use and the fingerprint of its operator key. A daemon with no broker configured connects
 * to the first one it finds (or the one named in its config); a daemon that was adopted follows only the console
 * whose id and fingerprint it pinned.
 *
 * @param fingerprint the operator key's fingerprint ({@code fp=}); empty when a console from before issue #9 left it
 *                    out, which an adopted daemon treats as "not my console"
 * @param telemetry   the telemetry encodings the console reads ({@code tel=json,compact}); always JSON, and only JSON
 *                    for a console from before issue #10, which has no {@code tel=}
 */
public record ConsoleAnnouncement(String consoleId, String brokerUrl, Optional<KeyFingerprint> fingerprint,
                                  Set<TelemetryEncoding> telemetry) {
    public static final String SERVICE_TYPE = "_fleetdeck-console._tcp.local.";
    /** The TXT key listing the telemetry encodings a console reads. Old daemons ignore keys they do not know. */
    public static final String TELEMETRY_KEY = "tel";

    public ConsoleAnnouncement {
        Identifiers.requireDeviceId(consoleId);
        requireBrokerUrl(brokerUrl);
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(telemetry, "telemetry");
        if (!telemetry.contains(TelemetryEncoding.JSON)) {
            throw new IllegalArgumentException("every console reads JSON telemetry, not only " + telemetry);
        }
        telemetry = Set.copyOf(telemetry);
    }

    /** A console that reads JSON telemetry only, as every console from before issue #10 did. */
    public ConsoleAnnouncement(String consoleId, String brokerUrl, Optional<KeyFingerprint> fingerprint) {
        this(consoleId, brokerUrl, fingerprint, Set.of(TelemetryEncoding.JSON));
    }

    /** A console announcing its operator key and reading both telemetry encodings, as every console of this version. */
    public ConsoleAnnouncement(String consoleId, String brokerUrl, KeyFingerprint fingerprint) {
        this(consoleId, brokerUrl, Optional.of(fingerprint), EnumSet.allOf(TelemetryEncoding.class));
    }

    /** Whether a device may send this console {@link TelemetryEncoding#COMPACT} telemetry. */
    public boolean readsCompactTelemetry() {
        return telemetry.contains(TelemetryEncoding.COMPACT);
    }

    /** TXT keys and values, in a stable order; {@code fp} only when known. */
    public Map<String, String> toTxt() {
        Map<String, String> txt = new LinkedHashMap<>();
        txt.put("txtvers", "1");
        txt.put("proto", String.valueOf(ProtocolVersion.CURRENT));
        txt.put("console", consoleId);
        txt.put("broker", brokerUrl);
        fingerprint.ifPresent(fp -> txt.put("fp", fp.value()));
        if (readsCompactTelemetry()) {
            txt.put(TELEMETRY_KEY, EnumSet.copyOf(telemetry).stream().map(TelemetryEncoding::token)
                    .collect(Collectors.joining(",")));
        }
        return txt;
    }

    /**
     * Reads a received TXT record strictly; {@code instance} is only for the error message. {@code fp} is optional so
     * that consoles from before it existed can still be followed by daemons that never adopted a console; when present
     * it must be a well-formed fingerprint, since a malformed one can only come from a broken or hostile sender.
     * {@code tel} lists encodings; names this version does not know are skipped, so a later console may add some.
     */
    public static ConsoleAnnouncement fromTxt(String instance, Map<String, byte[]> raw) throws AnnouncementException {
        Map<String, String> txt = TxtRecord.decode(instance, raw);
        TxtRecord.requireVersion(instance, txt);
        String console = TxtRecord.require(instance, txt, "console");
        String broker = TxtRecord.require(instance, txt, "broker");
        String fp = txt.get("fp");
        try {
            return new ConsoleAnnouncement(console, broker,
                    fp == null ? Optional.empty() : Optional.of(new KeyFingerprint(fp)), telemetry(txt));
        } catch (IllegalArgumentException e) {
            throw new AnnouncementException(AnnouncementException.Reason.INVALID_VALUE, instance, e.getMessage());
        }
    }

    private static Set<TelemetryEncoding> telemetry(Map<String, String> txt) {
        Set<TelemetryEncoding> read = EnumSet.of(TelemetryEncoding.JSON);
        String listed = txt.get(TELEMETRY_KEY);
        if (listed != null) {
            for (String token : listed.split(",")) {
                for (TelemetryEncoding encoding : TelemetryEncoding.values()) {
                    if (encoding.token().equals(token.trim())) {
                        read.add(encoding);
                    }
                }
            }
        }
        return read;
    }

    /** The broker's host, for checking it against the address the announcement came from. */
    public String brokerHost() {
        return URI.create(brokerUrl).getHost();
    }

    private static void requireBrokerUrl(String url) {
        Objects.requireNonNull(url, "brokerUrl");
        try {
            URI uri = new URI(url);
            if (!("tcp".equals(uri.getScheme()) || "ssl".equals(uri.getScheme())) || uri.getHost() == null
                    || uri.getPort() < 1 || (uri.getPath() != null && !uri.getPath().isEmpty())
                    || uri.getUserInfo() != null || uri.getQuery() != null) {
                throw new IllegalArgumentException("broker must be tcp://HOST:PORT or ssl://HOST:PORT, not "
                        + Identifiers.quote(url));
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("broker is not a URL: " + Identifiers.quote(url));
        }
    }
}
