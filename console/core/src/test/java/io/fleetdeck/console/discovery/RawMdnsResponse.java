package io.fleetdeck.console.discovery;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;

/**
 * An unsolicited mDNS response written byte by byte (PTR, SRV, TXT, A), for announcements JmDNS itself refuses to
 * send: it cannot put a TXT record over ~1400 bytes in a packet, while a hostile host on the LAN can send one of 8 KB
 * (the console's JmDNS reads packets up to 8972 bytes). Sent from port 5353 on loopback only.
 */
final class RawMdnsResponse {
    private static final InetSocketAddress GROUP = new InetSocketAddress("224.0.0.251", 5353);

    private RawMdnsResponse() {
    }

    static byte[] packet(String serviceType, String instance, String host, int port, byte[] txt, Inet4Address address,
                         int ttl) {
        String qualified = instance + "." + serviceType;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        short16(out, 0);          // id
        short16(out, 0x8400);     // response, authoritative
        short16(out, 0);          // questions
        short16(out, 4);          // answers
        short16(out, 0);
        short16(out, 0);
        record(out, serviceType, 12, false, ttl, name(qualified));
        ByteArrayOutputStream srv = new ByteArrayOutputStream();
        short16(srv, 0);
        short16(srv, 0);
        short16(srv, port);
        srv.writeBytes(name(host));
        record(out, qualified, 33, true, ttl, srv.toByteArray());
        record(out, qualified, 16, true, ttl, txt);
        record(out, host, 1, true, ttl, address.getAddress());
        return out.toByteArray();
    }

    static void sendOnLoopback(byte[] packet) throws IOException {
        try (MulticastSocket socket = new MulticastSocket(null)) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 5353));
            socket.setNetworkInterface(NetworkInterface.getByName("lo"));
            socket.setTimeToLive(255);
            socket.send(new DatagramPacket(packet, packet.length, GROUP));
        }
    }

    private static void record(ByteArrayOutputStream out, String name, int type, boolean unique, int ttl,
                               byte[] data) {
        out.writeBytes(name(name));
        short16(out, type);
        short16(out, unique ? 0x8001 : 0x0001);
        short16(out, ttl >>> 16);
        short16(out, ttl & 0xffff);
        short16(out, data.length);
        out.writeBytes(data);
    }

    private static byte[] name(String dotted) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String label : dotted.split("\\.")) {
            if (!label.isEmpty()) {
                byte[] bytes = label.getBytes(StandardCharsets.UTF_8);
                out.write(bytes.length);
                out.writeBytes(bytes);
            }
        }
        out.write(0);
        return out.toByteArray();
    }

    private static void short16(ByteArrayOutputStream out, int value) {
        out.write((value >>> 8) & 0xff);
        out.write(value & 0xff);
    }
}
