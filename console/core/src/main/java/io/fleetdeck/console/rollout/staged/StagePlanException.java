package io.fleetdeck.console.rollout.staged;

/** Stage sizes or a failure threshold the operator wrote that cannot be read; carries the text as written. */
public final class StagePlanException extends IllegalArgumentException {
    private final String text;

    public StagePlanException(String text, String why) {
        super("'" + text + "': " + why);
        this.text = text;
    }

    public String text() {
        return text;
    }
}
