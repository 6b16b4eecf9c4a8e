package io.fleetdeck.model;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a console says over mDNS, in the TXT record of its {@code _fleetdeck-console._tcp} service: its id and the
 * MQTT broker its devices should use. A daemon with no broker configured connects to the first one it finds (or the
 * one named in its config).
 */
public record ConsoleAnnouncement(String consoleId, String brokerUrl) {
    public static final String SERVICE_TYPE = "_fleetdeck-console._tcp.local.";

    public ConsoleAnnouncement {
        Identifiers.requireDeviceId(consoleId);
        requireBrokerUrl(brokerUrl);
    }

    public Map<String, String> toTxt() {
        Map<String, String> txt = new LinkedHashMap<>();
        txt.put("txtvers", "1");
        txt.put("proto", String.valueOf(ProtocolVersion.CURRENT));
        txt.put("console", consoleId);
        txt.put("broker", brokerUrl);
        return txt;
    }

    public static ConsoleAnnouncement fromTxt(String instance, Map<String, byte[]> raw) throws AnnouncementException {
        Map<String, String> txt = TxtRecord.decode(instance, raw);
        TxtRecord.requireVersion(instance, txt);
        try {
            return new ConsoleAnnouncement(TxtRecord.require(instance, txt, "console"),
                    TxtRecord.require(instance, txt, "broker"));
        } catch (IllegalArgumentException e) {
            throw new AnnouncementException(AnnouncementException.Reason.INVALID_VALUE, instance, e.getMessage());
        }
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
