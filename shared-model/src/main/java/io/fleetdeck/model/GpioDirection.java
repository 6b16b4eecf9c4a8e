package io.fleetdeck.model;

/** How a device's configuration declares a GPIO pin: read only, or driven by the operator. */
public enum GpioDirection {
    /** Read and reported; never driven, whatever a command asks. */
    INPUT,
    /** Declared in the daemon's config as one the operator may drive ({@code gpio.outputs}). */
    OUTPUT
}
