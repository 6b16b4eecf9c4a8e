package io.fleetdeck.console.record;

/** A vertical line on a record's chart: a firmware install that ended at {@code atMs} ("fw 2.0.0"). */
record ChartMarker(long atMs, String label) {
}
