package io.fleetdeck.common.tls;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

/** The openssl-made material in {@code src/test/resources/tls} (see its README) and a loopback TLS server on it. */
public final class TlsFixtures {
    private TlsFixtures() {
    }

    public static Path resource(String name) {
        try {
            return Path.of(TlsFixtures.class.getResource("/tls/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A server socket on 127.0.0.1 presenting {@code server.p12} (signed by {@code ca.pem}). */
    public static SSLServerSocket server() throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = TlsFixtures.class.getResourceAsStream("/tls/server.p12")) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "changeit".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 5,
                InetAddress.getByName("127.0.0.1"));
    }
}
