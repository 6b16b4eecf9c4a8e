package io.fleetdeck.console.history;

import io.fleetdeck.console.history.chunk.SampleVisitor;

/** Receives stored readings one at a time, in time order; primitive so a scan of millions allocates nothing each. */
@FunctionalInterface
public interface ReadingVisitor extends SampleVisitor {
}
