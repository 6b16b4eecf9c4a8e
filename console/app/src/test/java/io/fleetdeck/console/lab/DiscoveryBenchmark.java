package io.fleetdeck.console.lab;

import io.fleetdeck.testkit.lab.LabAvailability;
import io.fleetdeck.testkit.lab.LabHost;
import io.fleetdeck.testkit.lab.LabProcess;
import io.fleetdeck.testkit.lab.NetworkLab;
import io.fleetdeck.testkit.lab.probe.TcpProbe;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Issue #3's and #13's figures: time from starting a daemon on a fresh lab host to its tile showing ONLINE (or, with
 * {@code mdns-browse-only}, DISCOVERED from its mDNS announcement alone), and from kill -9 to OFFLINE, over N runs,
 * with the console (headless, {@link ConsoleProbe}) on its own host. With an mDNS rendezvous and avahi installed, a
 * third host runs avahi-browse ({@link LabAvahi}) and the time until it resolves the device with its TXT {@code id=}
 * is measured too. Each run uses a new host and a new device id, so nothing cached from an earlier run helps.
 * Start-up includes the daemon's JVM start, as it would on a Pi; a trivial JVM's start is measured too, to show how
 * much of it that is.
 *
 * <p>Arguments: {@code [--runs N] [--rendezvous explicit-broker|mdns|mdns-browse-only] [--run-timeout-s S]
 * [--out DIR] [--daemon-jar fleetdeckd.jar] [--daemon-base-jvm-option OPTION]… [--daemon-jvm-option OPTION]…
 * [--alternate on|off] [--avahi on|off]}; without a jar the daemon runs from this class path.
 * {@code --daemon-base-jvm-option} goes to every run (the systemd unit's options, so the figures are the shipped
 * daemon's); {@code --daemon-jvm-option} passes e.g.
 * {@code -XX:SharedArchiveFile=…}; with {@code --alternate on} odd runs get the options and even runs do not, so
 * both are measured under the same (shared, fluctuating) machine load, and each gets its own figures.
 */
public final class DiscoveryBenchmark {
    private DiscoveryBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int runs = 20;
        LabRendezvous rendezvous = LabRendezvous.EXPLICIT_BROKER;
        Duration timeout = Duration.ofSeconds(20);
        Path daemonJar = null;
        List<String> jvmOptions = new ArrayList<>();
        List<String> baseOptions = new ArrayList<>();
        boolean avahiWanted = true;
        boolean alternate = false;
        Path out = Path.of("console", "target", "bench-discovery",
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[i + 1]);
                case "--rendezvous" -> rendezvous = LabRendezvous.valueOf(args[i + 1].toUpperCase(Locale.ROOT).replace('-', '_'));
                case "--run-timeout-s" -> timeout = Duration.ofSeconds(Long.parseLong(args[i + 1]));
                case "--out" -> out = Path.of(args[i + 1]);
                case "--daemon-jar" -> daemonJar = Path.of(args[i + 1]).toAbsolutePath();
                case "--daemon-jvm-option" -> jvmOptions.add(args[i + 1]);
                case "--daemon-base-jvm-option" -> baseOptions.add(args[i + 1]);
                case "--avahi" -> avahiWanted = !args[i + 1].equals("off");
                case "--alternate" -> alternate = args[i + 1].equals("on");
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        LabAvailability availability = LabAvailability.check();
        if (!availability.available()) {
            System.err.println("fleetdeck-bench-discovery needs root and ip netns: " + availability.reason());
            System.exit(2);
        }
        if (daemonJar == null && !(jvmOptions.isEmpty() && baseOptions.isEmpty())) {
            throw new IllegalArgumentException("--daemon-jvm-option needs --daemon-jar");
        }
        if (alternate && jvmOptions.isEmpty()) {
            throw new IllegalArgumentException("--alternate on needs --daemon-jvm-option");
        }
        boolean avahi = avahiWanted && rendezvous != LabRendezvous.EXPLICIT_BROKER;
        if (avahi && !LabAvahi.installed()) {
            System.out.println("avahi-daemon/avahi-utils not installed: no avahi-browse figures "
                    + "(apt-get install avahi-daemon avahi-utils)");
            avahi = false;
        }
        Files.createDirectories(out);
        System.out.printf("Discovery benchmark: %d runs, rendezvous %s, daemon from %s %s%s, avahi-browse %s, per-phase"
                        + " timeout %d s, %d CPUs, load average %.2f, logs in %s%n", runs, rendezvous,
                daemonJar == null ? "the class path" : daemonJar, baseOptions + " + " + jvmOptions,
                alternate ? " on odd runs only" : "",
                avahi ? "on" : "off",
                timeout.toSeconds(), Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                out.toAbsolutePath());
        int failures = run(runs, rendezvous, daemonJar, baseOptions, jvmOptions, alternate, avahi, timeout, out);
        System.exit(failures == 0 ? 0 : 1);
    }

    /** One set of daemon JVM options and what was measured with it. */
    private record Figures(List<String> jvmOptions, List<Long> mdnsOpen, List<Long> tile, List<Long> avahi,
                           List<Long> offline) {
        Figures(List<String> jvmOptions) {
            this(jvmOptions, new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }

        void print(String tileState, boolean withAvahi, boolean connects) {
            System.out.println("daemon JVM options " + jvmOptions + ":");
            System.out.println("  start → mDNS open (daemon log):          " + Percentiles.of(mdnsOpen).describe());
            System.out.println("  start → tile " + tileState + ":" + " ".repeat(Math.max(1, 27 - tileState.length()))
                    + Percentiles.of(tile).describe());
            if (withAvahi) {
                System.out.println("  start → avahi-browse resolved with id=: " + Percentiles.of(avahi).describe());
            }
            if (connects) {
                System.out.println("  kill -9 → tile offline:                 " + Percentiles.of(offline).describe());
            }
        }
    }

    private static int run(int runs, LabRendezvous rendezvous, Path daemonJar, List<String> baseOptions,
                           List<String> jvmOptions, boolean alternate, boolean withAvahi, Duration timeout, Path out)
            throws IOException {
        List<String> withOptions = new ArrayList<>(baseOptions);
        withOptions.addAll(jvmOptions);
        Figures with = new Figures(List.copyOf(withOptions));
        Figures without = alternate ? new Figures(List.copyOf(baseOptions)) : with;
        List<Long> jvmStart = new ArrayList<>();
        String tileState = rendezvous.connects() ? "ONLINE" : "DISCOVERED";
        int failures = 0;
        try (NetworkLab lab = NetworkLab.create(out.resolve("lab"), "console", "baseline");
             PrintWriter results = new PrintWriter(Files.newBufferedWriter(out.resolve("runs.jsonl")))) {
            LabHost consoleHost = lab.host("console");
            LabConsole console = LabConsole.start(consoleHost, out.resolve("console-data"), rendezvous);
            LabAvahi avahi = withAvahi ? LabAvahi.start(lab.addHost("avahi"), out.resolve("lab")) : null;
            for (int i = 0; i < 5; i++) {
                jvmStart.add(trivialJvmStart(lab.host("baseline"), consoleHost));
            }
            for (int run = 1; run <= runs; run++) {
                LabHost host = lab.addHost(String.format(Locale.ROOT, "d%02d", run));
                String prefix = String.format(Locale.ROOT, "r%02d", run);
                String device = LabRendezvous.deviceId(prefix);
                Figures figures = run % 2 == 1 ? with : without;
                try {
                    int mark = console.mark();
                    long started = System.currentTimeMillis();
                    LabProcess daemon = rendezvous.startDaemon(host, consoleHost, prefix, daemonJar,
                            figures.jvmOptions());
                    long tile = console.awaitPresence(mark, device, tileState, timeout) - started;
                    long resolved = avahi == null ? -1 : avahi.awaitResolved(device, timeout) - started;

                    long offline = -1;
                    if (rendezvous.connects()) {
                        int beforeKill = console.mark();
                        long killed = System.currentTimeMillis();
                        daemon.kill9();
                        offline = console.awaitPresence(beforeKill, device, "OFFLINE", timeout) - killed;
                        figures.offline().add(offline);
                    } else {
                        daemon.terminate(); // goodbyes, so browsers drop it
                    }
                    daemon.waitFor(Duration.ofSeconds(10));
                    long mdnsOpen = mdnsOpenedAt(daemon) - started;

                    figures.tile().add(tile);
                    figures.mdnsOpen().add(mdnsOpen);
                    if (resolved >= 0) {
                        figures.avahi().add(resolved);
                    }
                    results.printf(Locale.ROOT, "{\"run\":%d,\"device\":\"%s\",\"jvmOptions\":\"%s\","
                            + "\"startToTileMs\":%d,\"tile\":\"%s\",\"startToMdnsOpenMs\":%d%s%s}%n", run, device,
                            String.join(" ", figures.jvmOptions()), tile, tileState, mdnsOpen,
                            resolved >= 0 ? ",\"startToAvahiResolvedMs\":" + resolved : "",
                            offline >= 0 ? ",\"killToOfflineMs\":" + offline : "");
                    System.out.printf(Locale.ROOT, "run %2d  %s%s  start→mDNS open %5d ms   start→tile %s %5d ms%s%s%n",
                            run, device, alternate ? (figures == with ? " (options)" : " (plain)  ") : "", mdnsOpen,
                            tileState, tile,
                            resolved >= 0 ? String.format(Locale.ROOT, "   start→avahi-browse %5d ms", resolved) : "",
                            offline >= 0 ? String.format(Locale.ROOT, "   kill -9→offline %5d ms", offline) : "");
                } catch (AssertionError e) {
                    failures++;
                    results.printf(Locale.ROOT, "{\"run\":%d,\"device\":\"%s\",\"failed\":true}%n", run, device);
                    System.out.printf(Locale.ROOT, "run %2d  %s  FAILED: %s%n", run, device, e.getMessage().lines().findFirst().orElse(""));
                }
            }
        }
        System.out.println();
        with.print(tileState, withAvahi, rendezvous.connects());
        if (alternate) {
            without.print(tileState, withAvahi, rendezvous.connects());
        }
        System.out.println("trivial JVM start:      " + Percentiles.of(jvmStart).describe());
        System.out.println("failed runs: " + failures);
        return failures;
    }

    /**
     * When the daemon's log says JmDNS runs ({@code HH:mm:ss.SSS INFO  MdnsEndpoints - mDNS on …}), as epoch ms of
     * today in this machine's zone: the share of start-up before any probe can go out (JVM, set-up, keys, slots).
     */
    private static long mdnsOpenedAt(LabProcess daemon) throws IOException {
        for (String line : Files.readAllLines(daemon.stderrFile())) {
            if (line.contains(" MdnsEndpoints - mDNS on ")) {
                LocalTime time = LocalTime.parse(line.substring(0, 12));
                return time.atDate(LocalDate.now()).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
            }
        }
        throw new AssertionError("no \"mDNS on\" line in " + daemon.stderrFile());
    }

    /** Start of a JVM whose main prints one line at once: the floor under any daemon start time. */
    private static long trivialJvmStart(LabHost host, LabHost target) {
        long started = System.currentTimeMillis();
        LabProcess probe = host.java(TcpProbe.class.getName(), "connect", target.address(), "9", "1000");
        long printed = probe.awaitJson("the probe's line", NetworkLab.STARTUP, j -> j.has("connected")).path("t").asLong();
        probe.close();
        return printed - started;
    }
}
