package io.fleetdeck.console.charts;

import java.util.concurrent.Executor;

/**
 * Where view models send blocking service calls (history queries) and how results come back to the FX thread.
 * Injected, so tests can run both on the calling thread.
 */
public record BackgroundTasks(Executor background, Executor ui) {
}
