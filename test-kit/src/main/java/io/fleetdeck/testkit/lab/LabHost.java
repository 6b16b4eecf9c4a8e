package io.fleetdeck.testkit.lab;

import io.fleetdeck.testkit.JavaCommand;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One machine on the lab LAN: a network namespace with {@code lo} and one interface, {@value #INTERFACE}, cabled
 * into the lab switch, with an address from 198.18.0.0/24 and a route for multicast.
 */
public final class LabHost {
    /** The same name in every host, like {@code eth0} on every Pi; pass it to {@code --mdns-interface}. */
    public static final String INTERFACE = "lan0";

    private final NetworkLab lab;
    private final String name;
    private final String namespace;
    private final String address;
    private final String switchPort;

    public LabHost(NetworkLab lab, String name, String namespace, String address, String switchPort) {
        this.lab = lab;
        this.name = name;
        this.namespace = namespace;
        this.address = address;
        this.switchPort = switchPort;
    }

    /** Runs {@code command} inside this host; the lab kills it on close if it still runs. */
    public LabProcess exec(List<String> command) {
        return exec(Path.of(command.getFirst()).getFileName().toString(), command);
    }

    /** Like {@link #exec(List)}, with {@code label} naming its output files ({@code <host>-<n>-<label>.out}). */
    public LabProcess exec(String label, List<String> command) {
        List<String> full = new ArrayList<>(List.of(IpCommand.binary().toString(), "netns", "exec", namespace));
        full.addAll(command);
        return lab.start(this, label, full);
    }

    /** Starts {@code mainClass} in a JVM inside this host, on the running JDK and the current class path. */
    public LabProcess java(String mainClass, String... args) {
        List<String> command = JavaCommand.jvm();
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(List.of(args));
        return exec(simpleName(mainClass), command);
    }

    /** Starts {@code java -jar JAR ARGS} inside this host, on the running JDK. */
    public LabProcess javaJar(Path jar, String... args) {
        return javaJar(List.of(), jar, args);
    }

    /** Starts {@code java OPTIONS -jar JAR ARGS} inside this host, on the running JDK. */
    public LabProcess javaJar(List<String> jvmOptions, Path jar, String... args) {
        List<String> command = JavaCommand.jvm();
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of(args));
        return exec(jar.getFileName().toString(), command);
    }

    public String name() {
        return name;
    }

    public String namespace() {
        return namespace;
    }

    /** The host's IPv4 address on the lab LAN, e.g. {@code 198.18.0.2}. */
    public String address() {
        return address;
    }

    public String interfaceName() {
        return INTERFACE;
    }

    public String switchPort() {
        return switchPort;
    }

    @Override
    public String toString() {
        return name + " (" + address + " in " + namespace + ")";
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
