package io.fleetdeck.bench;

import io.fleetdeck.model.TelemetryEncoding;

import java.nio.file.Path;

/**
 * What one benchmark run does; defaults fit the targets and keep the run under four minutes.
 *
 * @param runDir            logs, broker config, SQLite files
 * @param warmupS           seconds discarded at the start of every phase (JIT, connections, queues filling)
 * @param saturationS       measured seconds of each saturation phase
 * @param fixedS            measured seconds of the fixed-load phase
 * @param fixedDevices      simulated devices at fixed load (4 sensors each)
 * @param fixedRateHz       samples per second per sensor at fixed load
 * @param satDevices        device ids the saturation publisher spreads its batches over
 * @param satConnections    MQTT sessions of the saturation publisher
 * @param satBatch          readings per batch at saturation (the daemon's default batch size is 100)
 * @param satWindow         QoS 1 batches in flight per saturation session
 * @param publisherNice     nice level of the saturation publisher, so the consumer under test gets CPU first
 * @param profileConsole    record a JFR profile of the console probe during console saturation
 * @param encoding          how the saturation publisher encodes its batches ({@code --encoding json|compact})
 */
record RunSettings(Path runDir, int warmupS, int saturationS, int fixedS, int fixedDevices, double fixedRateHz,
                   int satDevices, int satConnections, int satBatch, int satWindow, int publisherNice,
                   boolean profileConsole, TelemetryEncoding encoding) {

    static RunSettings parse(String[] argv, Path runDir) {
        RunSettings s = new RunSettings(runDir, 5, 15, 60, 50, 100, 40, 4, 100, 64, 10, false,
                TelemetryEncoding.JSON);
        for (int i = 0; i < argv.length; i++) {
            String value = i + 1 < argv.length ? argv[i + 1] : "";
            switch (argv[i]) {
                case "--profile" -> s = s.with(true);
                case "--fixed-seconds" -> {
                    s = new RunSettings(runDir, s.warmupS, s.saturationS, Integer.parseInt(value), s.fixedDevices,
                            s.fixedRateHz, s.satDevices, s.satConnections, s.satBatch, s.satWindow, s.publisherNice,
                            s.profileConsole, s.encoding);
                    i++;
                }
                case "--saturation-seconds" -> {
                    s = new RunSettings(runDir, s.warmupS, Integer.parseInt(value), s.fixedS, s.fixedDevices,
                            s.fixedRateHz, s.satDevices, s.satConnections, s.satBatch, s.satWindow, s.publisherNice,
                            s.profileConsole, s.encoding);
                    i++;
                }
                case "--encoding" -> {
                    s = s.with(TelemetryEncoding.ofToken(value));
                    i++;
                }
                default -> throw new IllegalArgumentException("unknown option " + argv[i]
                        + " (known: --profile, --fixed-seconds N, --saturation-seconds N, --encoding json|compact)");
            }
        }
        return s;
    }

    private RunSettings with(boolean profile) {
        return new RunSettings(runDir, warmupS, saturationS, fixedS, fixedDevices, fixedRateHz, satDevices,
                satConnections, satBatch, satWindow, publisherNice, profile, encoding);
    }

    private RunSettings with(TelemetryEncoding telemetry) {
        return new RunSettings(runDir, warmupS, saturationS, fixedS, fixedDevices, fixedRateHz, satDevices,
                satConnections, satBatch, satWindow, publisherNice, profileConsole, telemetry);
    }

    double fixedOfferedReadingsPerS() {
        return fixedDevices * 4 * fixedRateHz;
    }
}
