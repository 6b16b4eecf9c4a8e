package io.fleetdeck.console.lab;

import io.fleetdeck.simulator.cli.SimulatorMain;
import io.fleetdeck.testkit.lab.LabHost;
import io.fleetdeck.testkit.lab.LabProcess;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How daemons in a lab find the console: the one thing that differs between today's tests (an explicit
 * {@code --broker}) and zero-configuration discovery (issue #3: mDNS on the lab interface, no broker given).
 */
public enum LabRendezvous {
    /** Daemons are told {@code --broker tcp://<console>:1883}; the console's embedded broker listens there. */
    EXPLICIT_BROKER,
    /**
     * Nobody is told an address: console and daemons announce and browse over mDNS on {@code lan0}. Needs the
     * discovery code ({@code --mdns-interface} doing something, {@code simulate} without {@code --broker}).
     */
    MDNS,
    /**
     * A console that only browses: its broker listens on loopback, so it announces no broker on {@code lan0} and the
     * daemon (mDNS, no broker given) never connects. Its tile can only come from the device's mDNS announcement
     * ({@code DISCOVERED}), as in any other browser that is not the device's console.
     */
    MDNS_BROWSE_ONLY;

    /** The console's embedded broker port; 1883 as on a real LAN, free because the lab host is empty. */
    public static final int BROKER_PORT = 1883;

    /** Arguments for {@link ConsoleProbe} in {@code console}. */
    public List<String> consoleArgs(LabHost console, Path dataDir) {
        String bind = this == MDNS_BROWSE_ONLY ? "127.0.0.1" : console.address();
        List<String> args = new ArrayList<>(List.of("--data", dataDir.toString(), "--bind", bind,
                "--broker-port", String.valueOf(BROKER_PORT)));
        if (this != EXPLICIT_BROKER) {
            args.addAll(List.of("--mdns-interface", console.interfaceName()));
        }
        return args;
    }

    /** Starts {@code fleetdeckd simulate} for one device {@code <idPrefix>-0001} in {@code host}, from the class path. */
    public LabProcess startDaemon(LabHost host, LabHost console, String idPrefix) {
        return startDaemon(host, console, idPrefix, null);
    }

    /**
     * Like {@link #startDaemon(LabHost, LabHost, String)}, from the shaded {@code fleetdeckd.jar} when
     * {@code daemonJar} is given: what a Pi runs, and a smaller class path than the tests' (the benchmark uses it).
     */
    public LabProcess startDaemon(LabHost host, LabHost console, String idPrefix, Path daemonJar) {
        return startDaemon(host, console, idPrefix, daemonJar, List.of());
    }

    /** As above, with extra options for the daemon's JVM (e.g. an AppCDS archive); only with {@code daemonJar}. */
    public LabProcess startDaemon(LabHost host, LabHost console, String idPrefix, Path daemonJar,
                                  List<String> jvmOptions) {
        List<String> args = new ArrayList<>(List.of("simulate", "--devices", "1", "--rate", "1", "--id-prefix", idPrefix));
        if (this != EXPLICIT_BROKER) {
            args.addAll(List.of("--mdns-interface", host.interfaceName()));
        } else {
            args.addAll(List.of("--broker", "tcp://" + console.address() + ":" + BROKER_PORT));
        }
        return daemonJar != null ? host.javaJar(jvmOptions, daemonJar, args.toArray(String[]::new))
                : host.java(SimulatorMain.class.getName(), args.toArray(String[]::new));
    }

    /** Whether the daemon connects to the console's broker (its tile goes ONLINE), or is only announced. */
    public boolean connects() {
        return this != MDNS_BROWSE_ONLY;
    }

    /** The id of the single device {@link #startDaemon} simulates. */
    public static String deviceId(String idPrefix) {
        return idPrefix + "-0001";
    }
}
