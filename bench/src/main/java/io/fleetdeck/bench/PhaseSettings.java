package io.fleetdeck.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which phases a benchmark run does and how long the recount phases (issue #10) take. Parsed before
 * {@link RunSettings}, which gets the options this record does not know, so the two can change independently.
 *
 * @param phases       the phases to run, in {@link Phase} order
 * @param overloadS    seconds the overload phase offers telemetry as fast as the broker acknowledges
 * @param killS        seconds of fixed load before the console is killed, and again after it restarted
 * @param killRate     readings per second offered during the kill phase
 * @param drainS       upper bound on waiting for the console to catch up after a recount phase's load stops
 * @param chartPoints  readings of one sensor written for the chart-window phase
 * @param remaining    the options left for {@link RunSettings#parse}
 */
record PhaseSettings(Set<Phase> phases, int overloadS, int killS, int killRate, int drainS, int chartPoints,
                     List<String> remaining) {

    /** The phases of one run; the order here is the order they run in. */
    enum Phase {
        SATURATION, FIXED, OVERLOAD, KILL, KILL_EMBEDDED, CHART;

        String flag() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    static final String USAGE = """
            usage: fleetdeck-bench [--phases LIST] [--profile] [--saturation-seconds N] [--fixed-seconds N]
                                   [--overload-seconds N] [--kill-seconds N] [--kill-rate N] [--drain-seconds N]
                                   [--chart-points N]
              --phases LIST         comma-separated subset of saturation,fixed,overload,kill,kill-embedded,chart (default: all)
              --saturation-seconds  measured seconds of each saturation phase (15)
              --fixed-seconds       measured seconds at 20,000 readings/s (60)
              --overload-seconds    seconds the fast publisher offers more than the console takes (30)
              --kill-seconds        seconds of load before the console is killed with SIGKILL, and after (10)
              --kill-rate           readings/s offered during the kill phase (20000)
              --drain-seconds       longest wait for the console to catch up after overload or kill (300)
              --chart-points        readings of one sensor stored for the chart-window timing (1000000)
              --profile             JFR profile of the console during Fleetdeck saturation""";

    static PhaseSettings parse(String[] argv) {
        Set<Phase> phases = EnumSet.allOf(Phase.class);
        int overloadS = 30;
        int killS = 10;
        int killRate = 20_000;
        int drainS = 300;
        int chartPoints = 1_000_000;
        List<String> remaining = new ArrayList<>();
        for (int i = 0; i < argv.length; i++) {
            String value = i + 1 < argv.length ? argv[i + 1] : null;
            switch (argv[i]) {
                case "--phases" -> phases = phases(require(argv[i], value));
                case "--overload-seconds" -> overloadS = positive(argv[i], value);
                case "--kill-seconds" -> killS = positive(argv[i], value);
                case "--kill-rate" -> killRate = positive(argv[i], value);
                case "--drain-seconds" -> drainS = positive(argv[i], value);
                case "--chart-points" -> chartPoints = positive(argv[i], value);
                default -> {
                    remaining.add(argv[i]);
                    continue;
                }
            }
            i++;
        }
        return new PhaseSettings(phases, overloadS, killS, killRate, drainS, chartPoints, List.copyOf(remaining));
    }

    boolean runs(Phase phase) {
        return phases.contains(phase);
    }

    private static Set<Phase> phases(String list) {
        Set<Phase> phases = EnumSet.noneOf(Phase.class);
        for (String name : list.split(",")) {
            String wanted = name.strip();
            phases.add(Arrays.stream(Phase.values()).filter(p -> p.flag().equals(wanted)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown phase '" + wanted
                            + "' (known: saturation, fixed, overload, kill, kill-embedded, chart)")));
        }
        return phases;
    }

    private static String require(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }

    private static int positive(String option, String value) {
        int parsed;
        try {
            parsed = Integer.parseInt(require(option, value));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a whole number, not " + value);
        }
        if (parsed < 1) {
            throw new IllegalArgumentException(option + " must be at least 1, not " + parsed);
        }
        return parsed;
    }
}
