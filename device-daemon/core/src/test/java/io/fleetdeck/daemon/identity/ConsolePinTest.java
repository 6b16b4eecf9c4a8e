package io.fleetdeck.daemon.identity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.fleetdeck.daemon.identity.AdoptedConsoleTest.KEY_A;
import static io.fleetdeck.daemon.identity.AdoptedConsoleTest.KEY_B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConsolePinTest {

    @Test
    void seesAPinSavedAfterItWasCreated(@TempDir Path state) throws Exception {
        ConsolePin pin = ConsolePin.in(state);
        assertThat(pin.current()).isEmpty();

        new AdoptedConsole("console-a", KEY_A).save(state);
        assertThat(pin.current()).contains(new AdoptedConsole("console-a", KEY_A));
    }

    @Test
    void noneNeverPins() throws Exception {
        assertThat(ConsolePin.none().current()).isEmpty();
    }

    @Test
    void devicesSharingAFinderFollowThePinTheAdoptedOnesAgreeOn(@TempDir Path root) throws Exception {
        Path one = Files.createDirectories(root.resolve("sim-0001"));
        Path two = Files.createDirectories(root.resolve("sim-0002"));
        ConsolePin fleet = ConsolePin.agreed(List.of(one, two));
        assertThat(fleet.current()).isEmpty();

        new AdoptedConsole("console-a", KEY_A).save(two);
        assertThat(fleet.current()).contains(new AdoptedConsole("console-a", KEY_A));

        new AdoptedConsole("console-a", KEY_A).save(one);
        assertThat(fleet.current()).contains(new AdoptedConsole("console-a", KEY_A));
    }

    @Test
    void devicesPinnedToDifferentConsolesFollowNone(@TempDir Path root) throws Exception {
        Path one = Files.createDirectories(root.resolve("sim-0001"));
        Path two = Files.createDirectories(root.resolve("sim-0002"));
        new AdoptedConsole("console-a", KEY_A).save(one);
        new AdoptedConsole("console-a", KEY_B).save(two);

        assertThatThrownBy(() -> ConsolePin.agreed(List.of(one, two)).current())
                .isInstanceOf(ConsolePinException.class).hasMessageContaining("must agree");
    }

    @Test
    void oneUnreadablePinStopsTheWholeFleet(@TempDir Path root) throws Exception {
        Path one = Files.createDirectories(root.resolve("sim-0001"));
        Path two = Files.createDirectories(root.resolve("sim-0002"));
        new AdoptedConsole("console-a", KEY_A).save(one);
        Files.writeString(two.resolve(AdoptedConsole.FILE), "{");

        assertThatThrownBy(() -> ConsolePin.agreed(List.of(one, two)).current())
                .isInstanceOfSatisfying(ConsolePinException.class,
                        e -> assertThat(e.file()).isEqualTo(two.resolve(AdoptedConsole.FILE)));
    }
}
