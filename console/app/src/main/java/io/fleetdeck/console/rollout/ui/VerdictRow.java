package io.fleetdeck.console.rollout.ui;

import io.fleetdeck.console.rollout.PreflightVerdict;
import io.fleetdeck.model.DeviceId;

/**
 * One device's line in the pre-flight panel.
 *
 * @param device  the device
 * @param state   pending while the check runs, then cleared or refused
 * @param message what was checked, or the precise reason for the refusal
 */
public record VerdictRow(DeviceId device, State state, String message) {
    public enum State { PENDING, CLEARED, REFUSED }

    static VerdictRow pending(DeviceId device) {
        return new VerdictRow(device, State.PENDING, "checking…");
    }

    static VerdictRow of(PreflightVerdict verdict) {
        return new VerdictRow(verdict.device(), verdict.cleared() ? State.CLEARED : State.REFUSED, reason(verdict));
    }

    /** The refusal with its code in front, so a technician can search for it; the message alone when cleared. */
    static String reason(PreflightVerdict verdict) {
        return verdict.failure().map(failure -> verdict.message().startsWith(failure.name()) ? verdict.message()
                : failure.describe(verdict.message())).orElse(verdict.message());
    }

    /** "✓", "✗" or "…", for the panel and for a glance. */
    public String symbol() {
        return switch (state) {
            case PENDING -> "…";
            case CLEARED -> "✓";
            case REFUSED -> "✗";
        };
    }
}
