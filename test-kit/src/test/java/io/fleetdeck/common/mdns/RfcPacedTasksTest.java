package io.fleetdeck.common.mdns;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a standard browser relies on: a service is announced unsolicited, without anyone asking, when it is
 * registered and again when its TXT record changes. A plain multicast socket on loopback listens and never queries.
 */
class RfcPacedTasksTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final String TYPE = "_fleetdeck-test._tcp.local.";

    private MdnsEndpoints publisherSide;

    @AfterEach
    void close() {
        if (publisherSide != null) {
            publisherSide.close();
        }
    }

    @Test
    void announcesUnsolicitedAtStartAndOnChange() throws IOException {
        String instance = "ann-" + UUID.randomUUID().toString().substring(0, 8);
        try (MulticastSocket listener = new MulticastSocket(5353)) {
            listener.joinGroup(new InetSocketAddress(InetAddress.getByName("224.0.0.251"), 5353),
                    NetworkInterface.getByName("lo"));
            publisherSide = MdnsEndpoints.open(List.of("lo"), "fd-ann-" + instance, Duration.ofSeconds(3));
            ServiceAdvertiser advertiser = new ServiceAdvertiser(publisherSide);
            Advertisement ad = advertiser.advertise(TYPE, instance, 0, Map.of("fw", "1.0"));

            awaitResponse(listener, instance, "fw=1.0");
            advertiser.update(ad, Map.of("fw", "2.0"));
            awaitResponse(listener, instance, "fw=2.0");
            advertiser.close();
        }
    }

    /** Waits for a multicast DNS response (QR bit set) that names {@code instance} and carries {@code txt}. */
    private static void awaitResponse(MulticastSocket socket, String instance, String txt) throws IOException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        byte[] buffer = new byte[9000];
        while (System.nanoTime() < deadline) {
            socket.setSoTimeout(500);
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (SocketTimeoutException e) {
                continue;
            }
            boolean response = packet.getLength() > 2 && (buffer[2] & 0x80) != 0;
            String text = new String(buffer, 0, packet.getLength(), StandardCharsets.ISO_8859_1);
            if (response && text.contains(instance) && text.contains(txt)) {
                return;
            }
        }
        assertThat(false).as("an unsolicited response for %s with %s within %s", instance, txt, DEADLINE).isTrue();
    }
}
