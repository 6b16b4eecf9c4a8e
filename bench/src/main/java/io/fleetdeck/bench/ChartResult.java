package io.fleetdeck.bench;

/**
 * The chart-window phase: one sensor's stored history, and how long the store takes to give a chart its window.
 *
 * @param counted      the file after the fill: readings and bytes
 * @param fillS        seconds the fill took through the store (writer included)
 * @param spanS        seconds from the first to the last stored reading: the chart window asked for
 * @param openMs       opening the store in the fresh JVM (migration check, connections)
 * @param coldMs       the first {@code history} call of that JVM
 * @param warmMedianMs median of the next calls
 * @param warmMaxMs    slowest of the next calls
 * @param points       points the call returned
 */
record ChartResult(HistoryRecount.Counted counted, double fillS, double spanS, double openMs, double coldMs,
                   double warmMedianMs, double warmMaxMs, long points) {
    static final double TARGET_MS = 200;

    boolean met() {
        return coldMs <= TARGET_MS && warmMedianMs <= TARGET_MS;
    }
}
