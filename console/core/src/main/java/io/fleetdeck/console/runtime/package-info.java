/**
 * The console's services wired in one place ({@link io.fleetdeck.console.runtime.ConsoleServices}) for every front
 * end: the window's runtime, the {@code deploy} command and the benchmarks. Plain Java: no JavaFX, and no simulated
 * devices (the demo fleet is the app's).
 */
package io.fleetdeck.console.runtime;
