package io.fleetdeck.console.history;

/** Receives stored readings one at a time, in time order; primitive so a scan of millions allocates nothing each. */
@FunctionalInterface
public interface ReadingVisitor {
    void visit(long ts, double value);
}
