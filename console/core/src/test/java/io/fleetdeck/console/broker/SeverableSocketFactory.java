package io.fleetdeck.console.broker;

import javax.net.SocketFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Sockets with TCP_NODELAY, like {@code io.fleetdeck.common.mqtt.NoDelaySocketFactory}, plus a handle on them so a
 * test can cut a connection the way a pulled cable would, with no MQTT DISCONNECT.
 */
final class SeverableSocketFactory extends SocketFactory {
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    @Override
    public Socket createSocket() throws IOException {
        return track(new Socket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return track(new Socket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return track(new Socket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return track(new Socket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return track(new Socket(address, port, localAddress, localPort));
    }

    /** Closes every socket this factory made, abruptly. */
    void cutAll() throws IOException {
        for (Socket socket : sockets) {
            socket.setSoLinger(true, 0); // RST, like a dead peer, rather than an orderly close
            socket.close();
        }
    }

    private Socket track(Socket socket) throws IOException {
        socket.setTcpNoDelay(true);
        sockets.add(socket);
        return socket;
    }
}
