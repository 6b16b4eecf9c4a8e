package io.fleetdeck.testkit.lab.probe;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Plain TCP reachability, run inside a lab host.
 * <ul>
 *   <li>{@code listen ADDRESS PORT}: prints {@code {"listening":true}}, then {@code {"accepted":"<peer ip>"}} per
 *       connection, until killed.</li>
 *   <li>{@code connect ADDRESS PORT TIMEOUT_MS}: prints {@code {"connected":true}} or
 *       {@code {"connected":false,"error":"…"}} and exits.</li>
 * </ul>
 */
public final class TcpProbe {
    private TcpProbe() {
    }

    public static void main(String[] args) throws IOException {
        InetAddress address = InetAddress.getByName(args[1]);
        int port = Integer.parseInt(args[2]);
        switch (args[0]) {
            case "listen" -> listen(address, port);
            case "connect" -> connect(address, port, Integer.parseInt(args[3]));
            default -> throw new IllegalArgumentException("usage: listen|connect ADDRESS PORT [TIMEOUT_MS]");
        }
    }

    private static void listen(InetAddress address, int port) throws IOException {
        try (ServerSocket server = new ServerSocket(port, 50, address)) {
            ProbeOutput.print(line -> line.put("listening", true));
            while (true) {
                try (Socket peer = server.accept()) {
                    String from = peer.getInetAddress().getHostAddress();
                    ProbeOutput.print(line -> line.put("accepted", from));
                }
            }
        }
    }

    private static void connect(InetAddress address, int port, int timeoutMs) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), timeoutMs);
            ProbeOutput.print(line -> line.put("connected", true));
        } catch (IOException e) {
            ProbeOutput.print(line -> line.put("connected", false).put("error", String.valueOf(e.getMessage())));
        }
    }
}
