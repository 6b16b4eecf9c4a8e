package io.fleetdeck.console.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class TagCommandTest {
    @TempDir
    Path data;

    @Test
    void addsAndRemovesTagsAndListsTheChangesFromAnotherRun() {
        FleetCli cli = new FleetCli();
        assertThat(cli.run("tag", "add", "pi-1", "Canary", "lab", "--data", data.toString())).isZero();
        assertThat(cli.run("tag", "--data", data.toString(), "remove", "pi-1", "lab", "floor-2")).isZero();

        FleetCli later = new FleetCli();
        assertThat(later.run("tag", "list", "--data", data.toString())).as(later.err.toString()).isZero();
        assertThat(later.out.toString()).isEqualTo("pi-1\t+canary -floor-2" + System.lineSeparator());
    }

    @Test
    void anInvalidTagExitsTwoWithTheRule() {
        FleetCli cli = new FleetCli();
        assertThat(cli.run("tag", "add", "pi-1", "no/slash", "--data", data.toString())).isEqualTo(2);
        assertThat(cli.err.toString()).contains("no/slash").contains("a-z 0-9");
    }
}
