package io.fleetdeck.daemon.agent;

import io.fleetdeck.model.KeyFingerprint;

import java.io.IOException;
import java.util.Map;

/**
 * Called when a console's key is (or already was) trusted through {@code cmd/trust-key}: issues the device's broker
 * credentials and returns what goes into the answer's {@code data} (see {@link io.fleetdeck.model.AdoptionAnswer}).
 */
@FunctionalInterface
public interface AdoptionCredentials {
    Map<String, String> issue(KeyFingerprint consoleKey) throws IOException;
}
