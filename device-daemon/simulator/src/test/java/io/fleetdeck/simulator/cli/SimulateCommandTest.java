package io.fleetdeck.simulator.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
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
}
