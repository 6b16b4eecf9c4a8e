package io.fleetdeck.common.mdns;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MdnsInterfacesTest {

    @Test
    void loopbackIsUsedWhenNamed() {
        List<MdnsInterface> chosen = MdnsInterfaces.resolve(List.of("lo"));
        assertThat(chosen).singleElement().satisfies(i -> {
            assertThat(i.name()).isEqualTo("lo");
            assertThat(i.address().getHostAddress()).isEqualTo("127.0.0.1");
            assertThat(i.loopback()).isTrue();
        });
    }

    @Test
    void allNeverIncludesLoopback() {
        // Only inspects the interface list; nothing is opened.
        assertThat(MdnsInterfaces.current(List.of("all"))).noneMatch(MdnsInterface::loopback);
    }

    @Test
    void aMissingInterfaceIsNamedInTheError() {
        assertThatThrownBy(() -> MdnsInterfaces.resolve(List.of("lo", "nosuch0")))
                .isInstanceOf(MdnsInterfaceException.class)
                .hasMessageContaining("\"nosuch0\"").hasMessageContaining("no such interface")
                .extracting(e -> ((MdnsInterfaceException) e).interfaceName()).isEqualTo("nosuch0");
    }

    @Test
    void aMissingInterfaceIsLeftOutWhileRunning() {
        assertThat(MdnsInterfaces.current(List.of("nosuch0", "lo"))).extracting(MdnsInterface::name)
                .containsExactly("lo");
    }

    @Test
    void repeatedNamesOpenOnce() {
        assertThat(MdnsInterfaces.resolve(List.of("lo", "lo"))).hasSize(1);
    }
}
