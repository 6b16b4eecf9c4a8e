package io.fleetdeck.common.mqtt;

import io.fleetdeck.common.tls.CaTrust;
import io.fleetdeck.common.tls.TlsFixtures;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import static org.assertj.core.api.Assertions.assertThat;

class NoDelaySslSocketFactoryTest {
    @Test
    void makesTlsSocketsWithNoDelayThatTheTrackerCanSever() throws Exception {
        NoDelaySocketFactory tracker = new NoDelaySocketFactory();
        NoDelaySslSocketFactory factory = new NoDelaySslSocketFactory(
                CaTrust.context(TlsFixtures.resource("ca.pem")).getSocketFactory(), tracker);
        try (SSLServerSocket server = TlsFixtures.server()) {
            CompletableFuture<Integer> peer = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket accepted = (SSLSocket) server.accept()) {
                    accepted.startHandshake();
                    return accepted.getInputStream().read();
                } catch (IOException e) {
                    // A severed TLS socket may reach the peer as a reset rather than an end of stream.
                    return -2;
                }
            });
            // As Paho does it: an unconnected socket, then connect, then the handshake.
            SSLSocket socket = (SSLSocket) factory.createSocket();
            socket.connect(new InetSocketAddress("127.0.0.1", server.getLocalPort()), 5_000);
            socket.startHandshake();

            assertThat(socket.getTcpNoDelay()).isTrue();
            assertThat(socket.getSession().getProtocol()).isIn("TLSv1.3", "TLSv1.2");

            tracker.severAll();

            assertThat(socket.isClosed()).isTrue();
            assertThat(peer.join()).as("the peer sees the connection end (or reset) without data").isIn(-1, -2);
        }
    }

    @Test
    void offersOnlyTls13And12() throws Exception {
        NoDelaySslSocketFactory factory = new NoDelaySslSocketFactory(
                CaTrust.context(TlsFixtures.resource("ca.pem")).getSocketFactory(), new NoDelaySocketFactory());

        try (SSLSocket socket = (SSLSocket) factory.createSocket()) {
            assertThat(socket.getEnabledProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
        }
    }
}
