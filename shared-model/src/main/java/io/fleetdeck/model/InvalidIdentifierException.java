package io.fleetdeck.model;

/**
 * An identifier (device id, sensor id, command name) that would be unsafe in a topic segment, a file name or a
 * database key. Carries the kind of identifier and the rejected text, quoted and truncated, for logs and the UI.
 */
public final class InvalidIdentifierException extends IllegalArgumentException {
    private final String kind;
    private final String rejected;

    public InvalidIdentifierException(String kind, String rejected, String rule) {
        super("invalid " + kind + " " + Identifiers.quote(rejected) + ": " + rule);
        this.kind = kind;
        this.rejected = rejected;
    }

    public String kind() {
        return kind;
    }

    public String rejected() {
        return rejected;
    }
}
