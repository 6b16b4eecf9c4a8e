/**
 * A device's MQTT v5 session (Paho), behind the {@link io.fleetdeck.daemon.mqtt.DeviceSession} façade. Each part has
 * one job and owns its own state:
 * <ul>
 *   <li>{@code SessionConnection}: connect, Last Will, reconnect with backoff, the connected state;</li>
 *   <li>{@code TelemetryPublisher}: the reading buffer into QoS 1 batches through the {@code InFlightWindow};</li>
 *   <li>{@code ControlChannel} and {@code CommandResponder}: {@code cmd/+} in, answers out;</li>
 *   <li>{@code StatusPublisher}, {@code RetainedReportPublisher} (install, gpio), {@code EventPublisher}: the other
 *   topics;</li>
 *   <li>{@code QosOnePublisher}: the publish rules they share (payload properties, Paho's full window);</li>
 *   <li>{@code SessionShutdown}: orderly close or crash.</li>
 * </ul>
 *
 * <p>Threads: one connector and one telemetry thread per session, Paho's callback thread (which only hands work on),
 * and the session's tasks (events, install reports, commands). This package depends on {@code telemetry} and the
 * shared model, never on the agent that owns a session: what it calls back through, {@link
 * io.fleetdeck.daemon.mqtt.CommandExecutor}, is declared here.
 */
package io.fleetdeck.daemon.mqtt;
