/**
 * The Fleetdeck protocol, spoken by the console and by {@code fleetdeckd}: MQTT topic names, JSON payloads as
 * immutable records, and a strict codec. Plain Java and Jackson only; no JavaFX, MQTT client or JDBC types here, so
 * both sides and the tests share exactly one definition of what is on the wire.
 */
package io.fleetdeck.model;
