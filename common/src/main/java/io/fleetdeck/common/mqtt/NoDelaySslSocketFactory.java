package io.fleetdeck.common.mqtt;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Objects;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * TLS sockets with {@code TCP_NODELAY}, for {@code ssl://} brokers: Paho takes an {@link SSLSocketFactory} there, and
 * Nagle's algorithm costs TLS records what it costs plain PUBLISH packets (see {@link NoDelaySocketFactory}). Sockets
 * are tracked by the plain factory given, so {@link NoDelaySocketFactory#severAll()} cuts TLS connections too. Only
 * TLS 1.3 and 1.2 are offered.
 */
public final class NoDelaySslSocketFactory extends SSLSocketFactory {
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final SSLSocketFactory tls;
    private final NoDelaySocketFactory tracker;

    public NoDelaySslSocketFactory(SSLSocketFactory tls, NoDelaySocketFactory tracker) {
        this.tls = Objects.requireNonNull(tls, "tls");
        this.tracker = Objects.requireNonNull(tracker, "tracker");
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return tls.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return tls.getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket() throws IOException {
        return prepare(tls.createSocket());
    }

    @Override
    public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
        return prepare(tls.createSocket(socket, host, port, autoClose));
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return prepare(tls.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return prepare(tls.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return prepare(tls.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return prepare(tls.createSocket(address, port, localAddress, localPort));
    }

    private Socket prepare(Socket socket) throws IOException {
        if (socket instanceof SSLSocket ssl) {
            SSLParameters parameters = ssl.getSSLParameters();
            parameters.setProtocols(PROTOCOLS);
            ssl.setSSLParameters(parameters);
        }
        return tracker.track(socket);
    }
}
