package io.fleetdeck.simulator.cli;

import io.fleetdeck.daemon.mqtt.TelemetryEncodingChoice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class SimulateCommandTest {
    @Test
    void refusesAnSslBrokerWithoutTheConsolesCaBeforeStartingAnything() {
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new SimulateCommand()).setErr(new PrintWriter(err));

        int exit = command.execute("--devices", "1", "--broker", "ssl://127.0.0.1:8883");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--broker-ca");
    }

    @Test
    void readsTheTelemetryEncodingAndRefusesAnUnknownOne() {
        SimulateCommand simulate = new SimulateCommand();
        new CommandLine(simulate).parseArgs("--devices", "1", "--telemetry-encoding", "compact");
        assertThat(simulate.telemetryEncoding).isEqualTo(TelemetryEncodingChoice.COMPACT);
        SimulateCommand defaults = new SimulateCommand();
        new CommandLine(defaults).parseArgs("--devices", "1");
        assertThat(defaults.telemetryEncoding).isEqualTo(TelemetryEncodingChoice.AUTO);

        StringWriter err = new StringWriter();
        int exit = new CommandLine(new SimulateCommand()).setErr(new PrintWriter(err))
                .execute("--devices", "1", "--telemetry-encoding", "cbor");
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--telemetry-encoding").contains("auto, json, compact");
    }

    @Test
    void aRunForStopsByItselfAsOnASignalAndExitsCleanly(@TempDir Path state) {
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new SimulateCommand()).setErr(new PrintWriter(err)).execute("--devices", "1",
                "--id-prefix", "runfor", "--mdns-interface", "lo", "--state-dir", state.toString(), "--run-for",
                "0.5");

        assertThat(exit).as(err.toString()).isZero();
        assertThat(state.resolve("runfor-0001")).as("the device started before it stopped").isDirectory();
    }

    @Test
    void refusesARunForThatIsNotPositive() {
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new SimulateCommand()).setErr(new PrintWriter(err))
                .execute("--devices", "1", "--run-for", "0");
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--run-for");
    }
}
