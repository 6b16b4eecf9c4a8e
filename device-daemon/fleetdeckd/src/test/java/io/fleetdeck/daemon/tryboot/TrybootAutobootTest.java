package io.fleetdeck.daemon.tryboot;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrybootAutobootTest {
    @Test
    void readsTheBootloaderDocumentationsExample() {
        assertThat(TrybootAutoboot.parse(TrybootSlotsTest.DOCUMENTED_AUTOBOOT, "t"))
                .isEqualTo(new TrybootAutoboot(2, 3));
    }

    @Test
    void writesOneCanonicalFormThatReadsBack() {
        TrybootAutoboot autoboot = new TrybootAutoboot(3, 2);
        assertThat(autoboot.render()).isEqualTo("[all]\ntryboot_a_b=1\nboot_partition=3\n[tryboot]\nboot_partition=2\n");
        assertThat(TrybootAutoboot.parse(autoboot.render(), "t")).isEqualTo(autoboot);
        assertThat(autoboot.render().length()).isLessThanOrEqualTo(TrybootAutoboot.MAX_BYTES);
    }

    @Test
    void evaluatesSectionsAsTheBootloaderDoes() {
        // A later [all] applies in tryboot mode too; [none] never; without [tryboot] a tryboot starts the default.
        assertThat(TrybootAutoboot.parse("[all]\ntryboot_a_b=1\nboot_partition=2\n[tryboot]\nboot_partition=3\n"
                + "[all]\nboot_partition=2\n", "t")).isEqualTo(new TrybootAutoboot(2, 2));
        assertThat(TrybootAutoboot.parse("# chosen by fleetdeckd\ntryboot_a_b=1\r\nboot_partition=3\n[none]\n"
                + "boot_partition=9\n", "t")).isEqualTo(new TrybootAutoboot(3, 3));
    }

    @Test
    void refusesWhatItWouldSilentlyDropOrCannotBoot() {
        assertThatThrownBy(() -> TrybootAutoboot.parse("[all]\ntryboot_a_b=1\nboot_partition=2\n[pi5]\n", "f"))
                .hasMessageContaining("f line 4 '[pi5]'");
        assertThatThrownBy(() -> TrybootAutoboot.parse("[all]\ntryboot_a_b=1\nboot_partition=2\nkernel=x\n", "f"))
                .hasMessageContaining("unknown key kernel");
        assertThatThrownBy(() -> TrybootAutoboot.parse("[all]\ntryboot_a_b=1\nboot_partition=two\n", "f"))
                .hasMessageContaining("not a number");
        assertThatThrownBy(() -> TrybootAutoboot.parse("[all]\ntryboot_a_b=1\n[tryboot]\nboot_partition=3\n", "f"))
                .hasMessageContaining("no boot_partition for a normal boot");
        assertThatThrownBy(() -> TrybootAutoboot.parse("[all]\nboot_partition=2\n", "f"))
                .hasMessageContaining("lacks tryboot_a_b=1");
        assertThatThrownBy(() -> TrybootAutoboot.parse("#".repeat(600) + "\nboot_partition=2\n", "f"))
                .hasMessageContaining("512 bytes");
    }
}
