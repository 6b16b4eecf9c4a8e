package io.fleetdeck.console.lab;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetdeck.testkit.JsonLines;
import io.fleetdeck.testkit.lab.LabHost;
import io.fleetdeck.testkit.lab.LabProcess;
import io.fleetdeck.testkit.lab.NetworkLab;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** A {@link ConsoleProbe} running in a lab host, read as "what do the tiles say". */
public final class LabConsole {
    private final LabProcess probe;
    private final String brokerUrl;

    private LabConsole(LabProcess probe, String brokerUrl) {
        this.probe = probe;
        this.brokerUrl = brokerUrl;
    }

    /** Starts the probe in {@code host} and waits until its broker and subscription are up. */
    public static LabConsole start(LabHost host, Path dataDir, LabRendezvous rendezvous) {
        LabProcess probe = host.java(ConsoleProbe.class.getName(),
                rendezvous.consoleArgs(host, dataDir).toArray(String[]::new));
        JsonNode ready = probe.awaitJson("the console to start", NetworkLab.STARTUP, j -> j.has("ready"));
        return new LabConsole(probe, ready.path("broker").asText());
    }

    /** A position in the probe's output; pass it to {@link #awaitPresence} to wait only for later changes. */
    public int mark() {
        return probe.lineCount();
    }

    /** Waits for the tile of {@code deviceId} to show {@code presence} after {@code mark}; returns its epoch ms. */
    public long awaitPresence(int mark, String deviceId, String presence, Duration deadline) {
        return probe.awaitJsonFrom(mark, deviceId + " " + presence, deadline,
                j -> deviceId.equals(j.path("id").asText()) && presence.equals(j.path("presence").asText()))
                .path("t").asLong();
    }

    /** True if {@code deviceId} was reported {@code presence} anywhere after {@code mark}. */
    public boolean reported(int mark, String deviceId, String presence) {
        return probe.lines().stream().skip(mark).map(JsonLines::parse).flatMap(Optional::stream)
                .anyMatch(j -> deviceId.equals(j.path("id").asText()) && presence.equals(j.path("presence").asText()));
    }

    public String brokerUrl() {
        return brokerUrl;
    }

    public LabProcess process() {
        return probe;
    }
}
