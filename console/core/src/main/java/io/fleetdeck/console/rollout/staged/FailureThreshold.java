package io.fleetdeck.console.rollout.staged;

import java.util.Locale;

/**
 * How many failed installs a rollout tolerates before it pauses: a count ({@code 0} pauses at the first failure) or
 * a share of the installs that ended since the rollout started or was last resumed ({@code 20%}).
 *
 * @param value   failures tolerated, or the tolerated share in percent
 * @param percent whether {@code value} is a share
 */
public record FailureThreshold(int value, boolean percent) {
    public FailureThreshold {
        if (value < 0 || (percent && value > 100)) {
            throw new StagePlanException(value + (percent ? "%" : ""),
                    "a failure threshold is a count of 0 or more, or 0% to 100%");
        }
    }

    /** Pauses at the first failure: the safe default for a canary. */
    public static FailureThreshold none() {
        return new FailureThreshold(0, false);
    }

    /** Reads {@code 2} or {@code 20%}. */
    public static FailureThreshold parse(String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        boolean share = value.endsWith("%");
        try {
            return new FailureThreshold(Integer.parseInt(share ? value.substring(0, value.length() - 1).strip()
                    : value), share);
        } catch (NumberFormatException e) {
            throw new StagePlanException(text, "a failure threshold is a count (2) or a share (20%)");
        }
    }

    /** Whether {@code failed} failures out of {@code finished} ended installs are more than this tolerates. */
    public boolean exceededBy(int failed, int finished) {
        if (failed <= 0) {
            return false;
        }
        return percent ? failed * 100L > (long) value * finished : failed > value;
    }

    /** The form {@link #parse} reads back. */
    public String text() {
        return value + (percent ? "%" : "");
    }
}
