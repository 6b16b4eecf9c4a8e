package io.fleetdeck.console.rollout.staged;

import java.util.Locale;

/**
 * How many devices one stage of a staged rollout takes: a fixed count ({@code 1}), a share of the whole target set
 * ({@code 10%}), or everything not yet in a stage ({@code rest}).
 */
public sealed interface StageSize {
    /**
     * The devices this stage takes out of {@code total} targets. A share rounds up, so 10 % of 3 devices is one
     * device rather than none: a stage the operator asked for never silently vanishes.
     */
    int of(int total);

    /** The form {@link #parse} reads back. */
    String text();

    /**
     * Reads {@code 3}, {@code 10%} or {@code rest} (any case, spaces ignored).
     *
     * @throws StagePlanException naming the text when it is none of those, or not positive
     */
    static StageSize parse(String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        if (value.equals("rest")) {
            return new Rest();
        }
        try {
            if (value.endsWith("%")) {
                return new Percent(Integer.parseInt(value.substring(0, value.length() - 1).strip()));
            }
            return new Count(Integer.parseInt(value));
        } catch (NumberFormatException e) {
            throw new StagePlanException(text, "a stage is a count (3), a share (10%) or rest");
        } catch (IllegalArgumentException e) {
            throw new StagePlanException(text, e.getMessage());
        }
    }

    /** A fixed number of devices, e.g. one canary. */
    record Count(int devices) implements StageSize {
        public Count {
            if (devices < 1) {
                throw new IllegalArgumentException("a stage takes at least one device, not " + devices);
            }
        }

        @Override
        public int of(int total) {
            return Math.min(devices, total);
        }

        @Override
        public String text() {
            return Integer.toString(devices);
        }
    }

    /** A share of all targets, 1 to 100 %. */
    record Percent(int percent) implements StageSize {
        public Percent {
            if (percent < 1 || percent > 100) {
                throw new IllegalArgumentException("a share is 1% to 100%, not " + percent + "%");
            }
        }

        @Override
        public int of(int total) {
            return (int) Math.min(total, (total * (long) percent + 99) / 100);
        }

        @Override
        public String text() {
            return percent + "%";
        }
    }

    /** Every target not yet in an earlier stage, including devices that join while this stage runs. */
    record Rest() implements StageSize {
        @Override
        public int of(int total) {
            return total;
        }

        @Override
        public String text() {
            return "rest";
        }
    }
}
