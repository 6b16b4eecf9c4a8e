package io.fleetdeck.console.tls;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServerNamesTest {
    @Test
    void loopbackBindingAddsLocalhostAndBothLoopbackAddresses() {
        ServerNames names = ServerNames.forBindAddress("127.0.0.1");

        assertThat(names.dnsNames()).containsExactly("localhost");
        assertThat(names.ipAddresses()).containsExactlyInAnyOrder("127.0.0.1", "0:0:0:0:0:0:0:1");
    }

    @Test
    void lanBindingIsThatAddressOnly() {
        ServerNames names = ServerNames.forBindAddress("192.0.2.20");

        assertThat(names.dnsNames()).isEmpty();
        assertThat(names.ipAddresses()).containsExactly("192.0.2.20");
    }

    @Test
    void wildcardBindingCoversLoopbackAndEveryInterfaceAddress() {
        ServerNames names = ServerNames.forBindAddress("0.0.0.0");

        assertThat(names.dnsNames()).contains("localhost");
        assertThat(names.ipAddresses()).contains("127.0.0.1", "0:0:0:0:0:0:0:1");
    }

    @Test
    void equalSetsAreEqualWhateverTheSpellingOfAnIpv6Address() {
        assertThat(ServerNames.of(List.of(), List.of("::1"))).isEqualTo(ServerNames.of(List.of(), List.of("0:0:0:0:0:0:0:1")));
    }

    @Test
    void refusesHostNamesAsBindAddress() {
        assertThatThrownBy(() -> ServerNames.forBindAddress("console.local"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("console.local");
    }
}
