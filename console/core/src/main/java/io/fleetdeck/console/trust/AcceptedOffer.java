package io.fleetdeck.console.trust;

import io.fleetdeck.model.AdoptionAnswer;

/**
 * A device's verified yes to {@code cmd/trust-key}.
 *
 * @param answer     its key and broker password, signature checked
 * @param reconnects whether it is about to reconnect with that password (so commands must wait until it is back)
 */
public record AcceptedOffer(AdoptionAnswer answer, boolean reconnects) {
}
