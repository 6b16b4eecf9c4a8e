package io.fleetdeck.daemon.ota;

import io.fleetdeck.model.Slot;

import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * The durable A/B bookkeeping. {@code active} is what runs; {@code committed} is what a failed trial falls back to;
 * {@code trying} is a slot marked for one trial boot, {@code attempts} how often it was booted without commit.
 *
 * @param lastRollback why the most recent trial was rolled back, kept so a restarted daemon can still report it
 */
public record SlotState(Slot active, Slot committed, Optional<Slot> trying, int attempts,
                        Optional<String> lastRollback) {
    public SlotState {
        Objects.requireNonNull(active, "active");
        Objects.requireNonNull(committed, "committed");
        Objects.requireNonNull(trying, "trying");
        Objects.requireNonNull(lastRollback, "lastRollback");
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts is negative: " + attempts);
        }
        if (trying.isEmpty() && active != committed) {
            throw new IllegalArgumentException("active " + active + " is neither committed nor on trial");
        }
        if (trying.isPresent() && trying.get() == committed) {
            throw new IllegalArgumentException("the committed slot " + committed + " cannot be on trial");
        }
    }

    /** A fresh device: slot A holds the factory firmware. */
    public static SlotState factory() {
        return new SlotState(Slot.A, Slot.A, Optional.empty(), 0, Optional.empty());
    }

    Properties toProperties() {
        Properties p = new Properties();
        p.setProperty("active", active.name());
        p.setProperty("committed", committed.name());
        trying.ifPresent(slot -> p.setProperty("trying", slot.name()));
        p.setProperty("attempts", Integer.toString(attempts));
        lastRollback.ifPresent(reason -> p.setProperty("lastRollback", reason));
        return p;
    }

    static SlotState fromProperties(Properties p) {
        return new SlotState(
                Slot.valueOf(required(p, "active")),
                Slot.valueOf(required(p, "committed")),
                Optional.ofNullable(p.getProperty("trying")).map(Slot::valueOf),
                Integer.parseInt(required(p, "attempts")),
                Optional.ofNullable(p.getProperty("lastRollback")));
    }

    private static String required(Properties p, String key) {
        String value = p.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException("slot state has no " + key);
        }
        return value;
    }
}
