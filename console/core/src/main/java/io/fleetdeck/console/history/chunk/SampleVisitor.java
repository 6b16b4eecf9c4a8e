package io.fleetdeck.console.history.chunk;

/**
 * Receives decoded samples one at a time, in time order; primitive so that decoding millions allocates nothing per
 * sample. The history's {@code ReadingVisitor} extends it, so this package needs nothing from the history.
 */
@FunctionalInterface
public interface SampleVisitor {
    void visit(long ts, double value);
}
