package io.fleetdeck.console.discovery;

import io.fleetdeck.common.mdns.MdnsInterface;
import io.fleetdeck.model.ConsoleAnnouncement;
import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleAdvertiserTest {
    @Test
    void withTlsOnTheAnnouncedBrokerIsTheSslListenerOnThatInterface() throws Exception {
        MdnsInterface eth0 = new MdnsInterface("eth0", (Inet4Address) InetAddress.getByName("192.0.2.10"), false);

        Map<String, String> txt = ConsoleAdvertiser.txtFor("console-x", eth0, "0.0.0.0", 8883, "ssl");

        assertThat(txt).containsEntry("broker", "ssl://192.0.2.10:8883");
        Map<String, byte[]> raw = new java.util.HashMap<>();
        txt.forEach((key, value) -> raw.put(key, value.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        // What a daemon's console finder parses must accept it.
        assertThat(ConsoleAnnouncement.fromTxt("console-x", raw).brokerUrl()).isEqualTo("ssl://192.0.2.10:8883");
    }
}
