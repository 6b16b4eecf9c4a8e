package io.fleetdeck.testkit.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A private LAN for tests: a bridge in its own "switch" namespace {@code fdlab-<id>} and hosts
 * {@code fdlab-<id>-<name>}, each cabled to the switch by a veth pair created directly between the two namespaces,
 * so nothing ever appears in the root namespace. Addresses come from 198.18.0.0/24 (RFC 2544, benchmarking), the
 * first host getting .1. Multicast crosses the bridge (IGMP snooping off), so mDNS works as on a real LAN.
 *
 * <p>{@link #close()} kills every process started in the lab, then deletes its namespaces, which takes the veths
 * and the bridge with them. Creating a lab first removes labs whose owning JVM has died (see {@link LabLeftovers}).
 * Needs root; tests call {@link LabAvailability#assumeAvailable()} first so they skip elsewhere.
 */
public final class NetworkLab implements AutoCloseable {
    public static final String PREFIX = "fdlab-";
    /** RFC 2544's benchmarking range: never routed on the Internet nor used by our own networks. */
    public static final String SUBNET = "198.18.0.0/24";
    /** Generous bound for lab processes to come up: JVM start plus a broker on a busy 2-core CI machine. */
    public static final Duration STARTUP = Duration.ofSeconds(30);
    private static final String NETWORK = "198.18.0.";
    private static final String BRIDGE = "br0";
    /** Short, so {@code fdlab-<id>-<name>} stays readable and port names stay within IFNAMSIZ. */
    private static final Pattern HOST_NAME = Pattern.compile("[a-z][a-z0-9]{0,11}");

    private final String id;
    private final String switchNamespace;
    private final Path workDir;
    private final Map<String, LabHost> hosts = new LinkedHashMap<>();
    private final List<LabProcess> processes = new CopyOnWriteArrayList<>();
    private final AtomicInteger processSeq = new AtomicInteger();
    private final Thread shutdownHook;
    private boolean closed;

    private NetworkLab(String id, Path workDir) {
        this.id = id;
        this.switchNamespace = PREFIX + id;
        this.workDir = workDir;
        // A JVM killed by a surefire timeout still runs hooks; a kill -9 leaves it to the next lab's clean-up.
        this.shutdownHook = new Thread(this::closeQuietly, "network-lab-" + id + "-cleanup");
    }

    /** Builds the switch and one host per name, in order (.1, .2, …); throws if this machine cannot. */
    public static NetworkLab create(Path workDir, String... hostNames) {
        LabAvailability availability = LabAvailability.check();
        if (!availability.available()) {
            throw new LabSetupException("cannot build a network lab here: " + availability.reason());
        }
        LabLeftovers.removeOrphans();
        NetworkLab lab = new NetworkLab(freeId(), workDir);
        try {
            Files.createDirectories(workDir);
            LabLeftovers.claim(lab.id);
            Runtime.getRuntime().addShutdownHook(lab.shutdownHook);
            lab.buildSwitch();
            for (String name : hostNames) {
                lab.addHost(name);
            }
            return lab;
        } catch (IOException | RuntimeException e) {
            lab.closeQuietly();
            throw e instanceof LabSetupException setup ? setup : new LabSetupException("cannot build lab " + lab.id, e);
        }
    }

    /** Adds a host cabled into the switch, with the next free address. */
    public synchronized LabHost addHost(String name) {
        if (!HOST_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("host name must match " + HOST_NAME + ": " + name);
        }
        if (hosts.containsKey(name)) {
            throw new IllegalArgumentException("lab " + id + " already has a host " + name);
        }
        int index = hosts.size() + 1;
        if (index > 254) {
            throw new IllegalStateException("a lab LAN holds at most 254 hosts");
        }
        LabHost host = new LabHost(this, name, switchNamespace + "-" + name, NETWORK + index, "port" + index);
        hosts.put(name, host);
        String ns = host.namespace();
        IpCommand.run("netns", "add", ns);
        IpCommand.run("-n", switchNamespace, "link", "add", host.switchPort(), "type", "veth",
                "peer", "name", LabHost.INTERFACE, "netns", ns);
        IpCommand.run("-n", switchNamespace, "link", "set", host.switchPort(), "master", BRIDGE, "up");
        IpCommand.run("-n", ns, "link", "set", "lo", "up");
        IpCommand.run("-n", ns, "addr", "add", host.address() + "/24", "dev", LabHost.INTERFACE);
        IpCommand.run("-n", ns, "link", "set", LabHost.INTERFACE, "up");
        // Sockets that do not pick an interface (JmDNS's sender, a plain MulticastSocket) need a route for the group.
        IpCommand.run("-n", ns, "route", "add", "224.0.0.0/4", "dev", LabHost.INTERFACE);
        return host;
    }

    public synchronized LabHost host(String name) {
        LabHost host = hosts.get(name);
        if (host == null) {
            throw new IllegalArgumentException("lab " + id + " has no host " + name + "; it has " + hosts.keySet());
        }
        return host;
    }

    public synchronized List<LabHost> hosts() {
        return List.copyOf(hosts.values());
    }

    /** The cable between {@code host} and the switch. */
    public LabLink link(LabHost host) {
        return new LabLink(switchNamespace, host.switchPort());
    }

    /** The random part of every namespace name of this lab. */
    public String id() {
        return id;
    }

    public Path workDir() {
        return workDir;
    }

    /** Every process started in the lab so far, for clean-up and diagnostics. */
    public List<LabProcess> processes() {
        return List.copyOf(processes);
    }

    public LabProcess start(LabHost host, String label, List<String> command) {
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("lab " + id + " is closed");
            }
        }
        String stem = host.name() + "-" + processSeq.incrementAndGet() + "-" + label.replaceAll("[^A-Za-z0-9._-]", "_");
        LabProcess process = LabProcess.start(host.name() + "/" + label, command,
                workDir.resolve(stem + ".out"), workDir.resolve(stem + ".err"));
        processes.add(process);
        return process;
    }

    /** Kills every process of the lab and deletes its namespaces (with them the veths and the bridge). */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // Called from the hook itself: nothing to remove.
        }
        processes.forEach(LabProcess::close);
        List<String> namespaces = new ArrayList<>();
        synchronized (this) {
            hosts.values().forEach(host -> namespaces.add(host.namespace()));
        }
        namespaces.add(switchNamespace);
        List<String> failures = new ArrayList<>();
        for (String namespace : namespaces) {
            try {
                destroyNamespace(namespace);
            } catch (LabSetupException e) {
                failures.add(e.getMessage());
            }
        }
        LabLeftovers.release(id);
        if (!failures.isEmpty()) {
            throw new LabSetupException("lab " + id + " not fully removed: " + String.join("; ", failures));
        }
    }

    /** SIGKILLs whatever runs in {@code namespace}, then deletes it; a namespace already gone is fine. */
    public static void destroyNamespace(String namespace) {
        IpCommand.Result pids = IpCommand.attempt("netns", "pids", namespace);
        if (pids.ok()) {
            List<ProcessHandle> inside = pids.out().lines().map(String::trim).filter(s -> !s.isEmpty())
                    .map(Long::parseLong).map(ProcessHandle::of).flatMap(java.util.Optional::stream).toList();
            inside.forEach(ProcessHandle::destroyForcibly);
            for (ProcessHandle process : inside) {
                try {
                    process.onExit().get(5, TimeUnit.SECONDS);
                } catch (Exception stillThere) {
                    // The namespace is deleted anyway; the kernel frees it once the process is gone.
                }
            }
        }
        IpCommand.Result deleted = IpCommand.attempt("netns", "del", namespace);
        if (!deleted.ok() && LabLeftovers.labNamespaces().contains(namespace)) {
            throw new LabSetupException("ip netns del " + namespace + ": " + deleted.err().strip());
        }
    }

    private void buildSwitch() {
        IpCommand.run("netns", "add", switchNamespace);
        IpCommand.run("-n", switchNamespace, "link", "set", "lo", "up");
        // No IGMP snooping: a bridge that has seen no querier could otherwise hold back group traffic.
        IpCommand.run("-n", switchNamespace, "link", "add", BRIDGE, "type", "bridge", "mcast_snooping", "0");
        IpCommand.run("-n", switchNamespace, "link", "set", BRIDGE, "up");
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            // Best effort on a failed build or at JVM exit; the next lab's orphan sweep finishes the job.
        }
    }

    private static String freeId() {
        List<String> taken = LabLeftovers.labNamespaces().stream().map(LabLeftovers::labIdOf).toList();
        while (true) {
            String candidate = HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
            if (!taken.contains(candidate)) {
                return candidate;
            }
        }
    }
}
