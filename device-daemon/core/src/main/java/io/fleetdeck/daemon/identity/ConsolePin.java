package io.fleetdeck.daemon.identity;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where the console finder learns, each time it weighs an announcement, which console the device was adopted by.
 * Asked again every time rather than once at start, so a pin saved while the daemon runs (adoption) takes effect at
 * the next announcement without a restart.
 */
@FunctionalInterface
public interface ConsolePin {
    /**
     * The adopted console, or empty when the device was never adopted and may follow any console.
     *
     * @throws ConsolePinException when the pin cannot be told: the caller must then follow no console
     */
    Optional<AdoptedConsole> current() throws ConsolePinException;

    /** No pin, ever: a device without a state directory of its own. */
    static ConsolePin none() {
        return Optional::empty;
    }

    /** The pin in {@code <stateDir>/console.json}, read afresh at each call (a few hundred bytes). */
    static ConsolePin in(Path stateDir) {
        return () -> AdoptedConsole.load(stateDir);
    }

    /**
     * For devices that follow one console together (a simulated fleet): the pin they agree on. Devices not adopted
     * yet do not count; two different pins are an error, since the fleet can follow only one console and must not
     * pick one for a device that belongs to the other.
     */
    static ConsolePin agreed(List<Path> stateDirs) {
        List<Path> dirs = List.copyOf(stateDirs);
        return () -> {
            AdoptedConsole agreed = null;
            Path first = null;
            for (Path dir : dirs) {
                Optional<AdoptedConsole> pin = AdoptedConsole.load(dir);
                if (pin.isEmpty()) {
                    continue;
                }
                if (agreed == null) {
                    agreed = pin.get();
                    first = dir;
                } else if (!agreed.equals(pin.get())) {
                    throw new ConsolePinException(dir.resolve(AdoptedConsole.FILE), "pins console "
                            + pin.get().consoleId() + " (" + pin.get().key() + ") but "
                            + first.resolve(AdoptedConsole.FILE) + " pins " + agreed.consoleId() + " ("
                            + agreed.key() + "): devices that share one console finder must agree", null);
                }
            }
            return Optional.ofNullable(agreed);
        };
    }
}
