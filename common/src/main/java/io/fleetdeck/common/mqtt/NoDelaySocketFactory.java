package io.fleetdeck.common.mqtt;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.SocketFactory;

/**
 * Plain TCP sockets with {@code TCP_NODELAY}. Paho has no option for it, and with Nagle's algorithm on, each small
 * QoS 1 PUBLISH waits for the previous PUBACK's delayed ACK, which caps a client at about a thousand messages a second.
 * Remembers its sockets so a test can cut a device off the way a pulled plug would ({@link #severAll()}).
 */
public final class NoDelaySocketFactory extends SocketFactory {
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final boolean bufferedInput;

    public NoDelaySocketFactory() {
        this(false);
    }

    /**
     * @param bufferedInput buffer what Paho reads (see {@link BufferedInputSocket}): for a client that receives at a
     *                      high rate, the console; a device receives a few commands and keeps the plain stream
     */
    public NoDelaySocketFactory(boolean bufferedInput) {
        this.bufferedInput = bufferedInput;
    }

    /** What Paho calls for {@code tcp://}: it connects the socket itself, then reads from a buffered stream. */
    @Override
    public Socket createSocket() throws IOException {
        return track(bufferedInput ? new BufferedInputSocket() : new Socket());
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

    /** Sets TCP_NODELAY on {@code socket} and remembers it for {@link #severAll()}; also for TLS sockets. */
    Socket track(Socket socket) throws IOException {
        socket.setTcpNoDelay(true);
        sockets.removeIf(Socket::isClosed);
        sockets.add(socket);
        return socket;
    }

    /** Closes every socket without an MQTT DISCONNECT: the broker sees a dead peer and publishes the will. */
    public void severAll() {
        for (Socket socket : sockets) {
            try {
                socket.setSoLinger(true, 0);
                socket.close();
            } catch (IOException ignored) {
                // Already closed: nothing left to sever.
            }
        }
        sockets.clear();
    }
}
