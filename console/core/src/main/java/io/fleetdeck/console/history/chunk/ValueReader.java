package io.fleetdeck.console.history.chunk;

/** Decodes one chunk's values in order; one implementation per value encoding. */
interface ValueReader {
    double next();

    /** True when the value section holds nothing more than padding. */
    boolean atEnd();
}
