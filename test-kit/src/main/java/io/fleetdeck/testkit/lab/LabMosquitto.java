package io.fleetdeck.testkit.lab;

import io.fleetdeck.testkit.mqtt.MosquittoBroker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Debian's mosquitto inside a lab host, listening only on that host's lab address. */
public final class LabMosquitto {
    private final LabHost host;
    private final int port;
    private final LabProcess process;

    private LabMosquitto(LabHost host, int port, LabProcess process) {
        this.host = host;
        this.port = port;
        this.process = process;
    }

    /** Starts mosquitto on {@code host.address():port} and returns once it says it is running. */
    public static LabMosquitto start(NetworkLab lab, LabHost host, int port) {
        Path config = lab.workDir().resolve("mosquitto-" + host.name() + "-" + port + ".conf");
        try {
            Files.writeString(config, String.join("\n",
                    "listener " + port + " " + host.address(),
                    "allow_anonymous true",
                    "persistence false",
                    "set_tcp_nodelay true",
                    "log_dest stderr",
                    "log_type error",
                    "log_type warning",
                    "log_type information",
                    ""));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + config, e);
        }
        // Its log goes to stderr, which C leaves unbuffered (stdout into a pipe would sit in a buffer); the shell
        // joins it to stdout and then execs, so the lab's pid is mosquitto's own.
        LabProcess process = host.exec("mosquitto", List.of("/bin/sh", "-c", "exec \"$0\" -c \"$1\" 2>&1",
                MosquittoBroker.binary().toString(), config.toString()));
        // mosquitto 2 prints "mosquitto version X running" (at "information") once its listeners are open.
        process.awaitLine("mosquitto to be running", NetworkLab.STARTUP, line -> line.contains(" running"));
        return new LabMosquitto(host, port, process);
    }

    public String url() {
        return "tcp://" + host.address() + ":" + port;
    }

    public LabProcess process() {
        return process;
    }
}
