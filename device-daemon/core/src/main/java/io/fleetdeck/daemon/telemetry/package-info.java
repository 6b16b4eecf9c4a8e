/**
 * What a device reports, on its way from the samplers to the session: the bounded {@link
 * io.fleetdeck.daemon.telemetry.ReadingBuffer} and the {@link io.fleetdeck.daemon.telemetry.EventSink}. Both the agent
 * (which fills them) and the MQTT session (which drains them) depend on this package, and it on neither, so the
 * agent can own the session without the session reaching back into the agent.
 */
package io.fleetdeck.daemon.telemetry;
