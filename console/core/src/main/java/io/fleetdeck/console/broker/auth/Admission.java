package io.fleetdeck.console.broker.auth;

import java.util.Objects;

/**
 * The broker's answer to a CONNECT: admitted in a role, or refused with the reason the client and the log are given.
 *
 * @param role    the role when admitted, {@code null} when refused
 * @param refusal why not, when refused
 * @param badCredentials whether the refusal is about user name or password (CONNACK 0x86) rather than the client
 *                       not being allowed at all (0x87)
 */
public record Admission(ClientRole role, String refusal, boolean badCredentials) {
    static Admission admitted(ClientRole role) {
        return new Admission(Objects.requireNonNull(role, "role"), "", false);
    }

    static Admission notAuthorized(String reason) {
        return new Admission(null, reason, false);
    }

    static Admission badCredentials(String reason) {
        return new Admission(null, reason, true);
    }

    public boolean isAdmitted() {
        return role != null;
    }
}
