package io.fleetdeck.console.discovery;

import io.fleetdeck.common.mdns.MdnsInterface;
import io.fleetdeck.model.KeyFingerprint;
import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class BrokerBindingTest {
    private static final KeyFingerprint KEY = new KeyFingerprint("SHA256:" + "K".repeat(43));
    static final MdnsInterface LO = iface("lo", "127.0.0.1", true);
    private static final MdnsInterface ETH0 = iface("eth0", "192.0.2.10", false);
    private static final MdnsInterface WLAN0 = iface("wlan0", "192.0.2.20", false);

    private static MdnsInterface iface(String name, String address, boolean loopback) {
        try {
            return new MdnsInterface(name, (Inet4Address) InetAddress.getByName(address), loopback);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void loopbackOnlyKeepsTheBrokerOnLoopback() {
        assertThat(BrokerBinding.choose(Optional.empty(), List.of(LO))).isEqualTo("127.0.0.1");
    }

    @Test
    void oneLanInterfaceBindsItsAddressOnly() {
        assertThat(BrokerBinding.choose(Optional.empty(), List.of(ETH0))).isEqualTo("192.0.2.10");
    }

    @Test
    void severalInterfacesBindAll() {
        assertThat(BrokerBinding.choose(Optional.empty(), List.of(ETH0, WLAN0))).isEqualTo("0.0.0.0");
        assertThat(BrokerBinding.choose(Optional.empty(), List.of(LO, ETH0))).isEqualTo("0.0.0.0");
    }

    @Test
    void anExplicitBindWins() {
        assertThat(BrokerBinding.choose(Optional.of("127.0.0.1"), List.of(ETH0))).isEqualTo("127.0.0.1");
    }

    @Test
    void theConsoleIsNotAnnouncedWhereTheBrokerCannotBeReached() {
        assertThat(ConsoleAdvertiser.txtFor("console-x", KEY, ETH0, "127.0.0.1", 1883)).isNull();
        assertThat(ConsoleAdvertiser.txtFor("console-x", KEY, ETH0, "0.0.0.0", 1883))
                .containsEntry("broker", "tcp://192.0.2.10:1883");
        assertThat(ConsoleAdvertiser.txtFor("console-x", KEY, LO, "127.0.0.1", 1883))
                .containsEntry("broker", "tcp://127.0.0.1:1883").containsEntry("console", "console-x");
    }
}
