package io.fleetdeck.console.mqtt;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where a broker URL points, as Paho spells it ({@code tcp://HOST:PORT} or {@code ssl://HOST:PORT}), for a session
 * that opens its own socket ({@link TelemetrySession}).
 *
 * @param host the host name or address, as given (TLS checks the certificate against it)
 * @param port the port, 1883 or 8883 when the URL has none
 * @param tls  true for {@code ssl://}
 */
record BrokerAddress(String host, int port, boolean tls) {
    /** @throws BrokerConnectionException for a URL that is neither {@code tcp://} nor {@code ssl://} with a host */
    static BrokerAddress parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new BrokerConnectionException(url, 0, "invalid broker address", e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        if (!scheme.equals("tcp") && !scheme.equals("ssl") || uri.getHost() == null) {
            throw new BrokerConnectionException(url, 0, "invalid broker address: expected tcp://HOST:PORT or"
                    + " ssl://HOST:PORT", null);
        }
        boolean tls = scheme.equals("ssl");
        int port = uri.getPort() >= 0 ? uri.getPort() : tls ? 8883 : 1883;
        // URI keeps the brackets of an IPv6 literal; sockets and TLS want the bare address.
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1)
                : uri.getHost();
        return new BrokerAddress(host, port, tls);
    }
}
