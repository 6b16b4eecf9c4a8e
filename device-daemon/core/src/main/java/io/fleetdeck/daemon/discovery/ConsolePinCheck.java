package io.fleetdeck.daemon.discovery;

import io.fleetdeck.daemon.identity.AdoptedConsole;
import io.fleetdeck.daemon.identity.ConsolePin;
import io.fleetdeck.daemon.identity.ConsolePinException;
import io.fleetdeck.model.ConsoleAnnouncement;
import io.fleetdeck.model.Identifiers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides whether a console announcement may be followed by a device that may have been adopted: without a pin any
 * console may; with one, only an announcement of the pinned console id carrying the pinned {@code fp=}. Anyone on
 * the LAN can announce a console, so a pinned daemon must not be moved to a broker its console did not announce.
 * Each refusal is logged once per instance and reason, with what was announced and what is pinned.
 */
final class ConsolePinCheck {
    /** Why an announcement is not followed. */
    enum Refusal {
        /** Another console id than the pinned one. */
        OTHER_CONSOLE,
        /** The pinned console id with another key. */
        OTHER_KEY,
        /** The pinned console id without {@code fp=} (a console from before pinning, or one hiding its key). */
        NO_KEY,
        /** The pin file cannot be read: no console is followed until it is fixed or removed. */
        PIN_UNREADABLE
    }

    /** Distinct refusals logged at most; an attacker inventing instance names must not grow the set forever. */
    private static final int MAX_LOGGED = 1_000;
    private static final Logger log = LoggerFactory.getLogger(ConsolePinCheck.class);

    private final ConsolePin pin;
    private final Set<String> logged = ConcurrentHashMap.newKeySet();

    ConsolePinCheck(ConsolePin pin) {
        this.pin = Objects.requireNonNull(pin, "pin");
    }

    /** The pin as it is now, for the finder's first log line; says so when it cannot be read. */
    String describe() {
        try {
            return pin.current().map(p -> "pinned to console " + Identifiers.quote(p.consoleId()) + " (" + p.key()
                    + ")").orElse("not adopted: any console");
        } catch (ConsolePinException e) {
            return "console pin unreadable (" + e.getMessage() + "): following no console";
        }
    }

    /** Whether {@code console}, announced as {@code instance} via {@code via}, may be followed; logs a refusal once. */
    boolean allows(ConsoleAnnouncement console, String instance, String via) {
        Optional<AdoptedConsole> pinned;
        try {
            pinned = pin.current();
        } catch (ConsolePinException e) {
            if (firstTime(Refusal.PIN_UNREADABLE + "|" + e.getMessage())) {
                log.error("ignoring every console announcement, {} via {} the first: cannot read this device's "
                        + "console pin: {}. Restore the file or remove it (the device then follows any console "
                        + "until it is adopted again)", Identifiers.quote(instance), via, e.getMessage());
            }
            return false;
        }
        Optional<Refusal> refusal = pinned.flatMap(p -> refusal(p, console));
        if (refusal.isPresent() && firstTime(instance + "|" + refusal.get())) {
            AdoptedConsole p = pinned.get();
            log.warn("ignoring console announcement {} via {} ({}): it announces console {} with key {} and broker "
                    + "{}; this device is pinned to console {} with key {}", Identifiers.quote(instance), via,
                    refusal.get().name().toLowerCase().replace('_', ' '), Identifiers.quote(console.consoleId()),
                    console.fingerprint().map(Object::toString).orElse("(none)"), console.brokerUrl(),
                    Identifiers.quote(p.consoleId()), p.key());
        }
        return refusal.isEmpty();
    }

    /** As {@link #allows} without logging: re-checks a console accepted earlier, after the pin may have changed. */
    boolean stillAllows(ConsoleAnnouncement console) {
        try {
            return pin.current().flatMap(p -> refusal(p, console)).isEmpty();
        } catch (ConsolePinException e) {
            return false;
        }
    }

    static Optional<Refusal> refusal(AdoptedConsole pinned, ConsoleAnnouncement console) {
        if (!pinned.consoleId().equals(console.consoleId())) {
            return Optional.of(Refusal.OTHER_CONSOLE);
        }
        if (console.fingerprint().isEmpty()) {
            return Optional.of(Refusal.NO_KEY);
        }
        if (!pinned.key().equals(console.fingerprint().get())) {
            return Optional.of(Refusal.OTHER_KEY);
        }
        return Optional.empty();
    }

    private boolean firstTime(String what) {
        return logged.size() < MAX_LOGGED && logged.add(what);
    }
}
