package io.fleetdeck.daemon.identity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeviceIdResolverTest {
    static final String PI4_CPUINFO = """
            processor\t: 0
            BogoMIPS\t: 108.00
            Features\t: fp asimd evtstrm crc32 cpuid
            CPU implementer\t: 0x41

            Hardware\t: BCM2835
            Revision\t: c03114
            Serial\t\t: 100000001234abcd
            Model\t\t: Raspberry Pi 4 Model B Rev 1.4
            """;

    @TempDir
    Path proc;
    @TempDir
    Path state;

    @Test
    void derivesTheIdFromThePiSerial() throws Exception {
        Files.writeString(proc.resolve("cpuinfo"), PI4_CPUINFO);
        DeviceIdentity identity = new DeviceIdResolver(proc, state, new Random(1)).resolve(Optional.empty());
        assertThat(identity.id().value()).isEqualTo("pi-1234abcd");
        assertThat(identity.serial()).isEqualTo("100000001234abcd");
        assertThat(identity.model()).isEqualTo("Raspberry Pi 4 Model B Rev 1.4");
        assertThat(identity.source()).isEqualTo(DeviceIdentity.Source.CPU_SERIAL);
        assertThat(state).isEmptyDirectory();
    }

    @Test
    void keepsNewerSerialsWhole() {
        assertThat(CpuInfo.deviceIdFor("ab12cd34ef567890")).isEqualTo("pi-ab12cd34ef567890");
    }

    @Test
    void generatesAndPersistsAnIdWhenThereIsNoSerial() throws Exception {
        Files.writeString(proc.resolve("cpuinfo"), "processor\t: 0\nSerial\t\t: 0000000000000000\n");
        DeviceIdentity first = new DeviceIdResolver(proc, state, new Random(1)).resolve(Optional.empty());
        assertThat(first.source()).isEqualTo(DeviceIdentity.Source.GENERATED);
        assertThat(first.id().value()).matches("fd-[0-9a-f]{12}");
        assertThat(Files.readString(state.resolve("device-id")).strip()).isEqualTo(first.id().value());
        try (var files = Files.list(state)) {
            assertThat(files).containsExactly(state.resolve("device-id"));
        }

        DeviceIdentity again = new DeviceIdResolver(proc, state, new Random(2)).resolve(Optional.empty());
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.source()).isEqualTo(DeviceIdentity.Source.STATE_FILE);
    }

    @Test
    void configuredIdWins() throws Exception {
        Files.writeString(proc.resolve("cpuinfo"), PI4_CPUINFO);
        DeviceIdentity identity = new DeviceIdResolver(proc, state, new Random(1)).resolve(Optional.of("greenhouse-3"));
        assertThat(identity.id().value()).isEqualTo("greenhouse-3");
        assertThat(identity.serial()).isEqualTo("100000001234abcd");
    }

    @Test
    void refusesAnIdThatIsUnsafeInATopic() {
        assertThatThrownBy(() -> new DeviceIdResolver(proc, state, new Random(1)).resolve(Optional.of("a/b#")))
                .isInstanceOf(IdentityException.class).hasMessageContaining("invalid device id");
    }

    @Test
    void refusesACorruptStoredId() throws Exception {
        Files.writeString(state.resolve("device-id"), "not valid!\n");
        assertThatThrownBy(() -> new DeviceIdResolver(proc, state, new Random(1)).resolve(Optional.empty()))
                .isInstanceOf(IdentityException.class).hasMessageContaining("device-id");
    }
}
