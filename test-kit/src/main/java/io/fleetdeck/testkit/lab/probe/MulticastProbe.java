package io.fleetdeck.testkit.lab.probe;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.net.StandardSocketOptions;
import java.nio.charset.StandardCharsets;

/**
 * UDP multicast on one interface, run inside a lab host; mDNS's group and port by default (224.0.0.251:5353) so
 * the lab is proven for exactly the traffic discovery needs.
 * <ul>
 *   <li>{@code receive IFACE GROUP PORT}: joins, prints {@code {"joined":true}}, then
 *       {@code {"received":"<text>","from":"<ip>"}} per datagram, until killed.</li>
 *   <li>{@code send IFACE GROUP PORT TEXT COUNT INTERVAL_MS}: sends TEXT COUNT times with TTL 255 (as mDNS does),
 *       printing {@code {"sent":n}} each time.</li>
 * </ul>
 */
public final class MulticastProbe {
    private MulticastProbe() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        NetworkInterface nic = NetworkInterface.getByName(args[1]);
        if (nic == null) {
            throw new IllegalArgumentException("no interface " + args[1]);
        }
        InetAddress group = InetAddress.getByName(args[2]);
        int port = Integer.parseInt(args[3]);
        switch (args[0]) {
            case "receive" -> receive(nic, group, port);
            case "send" -> send(nic, group, port, args[4], Integer.parseInt(args[5]), Long.parseLong(args[6]));
            default -> throw new IllegalArgumentException("usage: receive|send IFACE GROUP PORT [TEXT COUNT INTERVAL_MS]");
        }
    }

    private static void receive(NetworkInterface nic, InetAddress group, int port) throws IOException {
        try (MulticastSocket socket = new MulticastSocket(port)) {
            socket.joinGroup(new InetSocketAddress(group, port), nic);
            ProbeOutput.print(line -> line.put("joined", true));
            byte[] buffer = new byte[9000];
            while (true) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                String text = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
                String from = packet.getAddress().getHostAddress();
                ProbeOutput.print(line -> line.put("received", text).put("from", from));
            }
        }
    }

    private static void send(NetworkInterface nic, InetAddress group, int port, String text, int count,
                             long intervalMs) throws IOException, InterruptedException {
        try (MulticastSocket socket = new MulticastSocket()) {
            socket.setOption(StandardSocketOptions.IP_MULTICAST_IF, nic);
            socket.setTimeToLive(255);
            byte[] payload = text.getBytes(StandardCharsets.UTF_8);
            for (int i = 1; i <= count; i++) {
                socket.send(new DatagramPacket(payload, payload.length, group, port));
                int sent = i;
                ProbeOutput.print(line -> line.put("sent", sent));
                Thread.sleep(intervalMs);
            }
        }
    }
}
