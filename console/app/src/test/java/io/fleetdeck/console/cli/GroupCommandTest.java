package io.fleetdeck.console.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class GroupCommandTest {
    @TempDir
    Path data;

    @Test
    void savesListsAndDeletesGroups() {
        FleetCli cli = new FleetCli();
        assertThat(cli.run("group", "save", "old pi4", "--tag", "lab", "--model", "Raspberry Pi 4", "--firmware",
                "1.0.0", "--data", data.toString())).as(cli.err.toString()).isZero();
        assertThat(cli.run("group", "save", "canaries", "--tag", "canary", "--data", data.toString())).isZero();

        FleetCli list = new FleetCli();
        assertThat(list.run("group", "list", "--data", data.toString())).isZero();
        assertThat(list.out.toString().lines()).containsExactly("canaries\ttags canary",
                "old pi4\ttags lab · model Raspberry Pi 4 · firmware 1.0.0");

        assertThat(new FleetCli().run("group", "delete", "canaries", "--data", data.toString())).isZero();
        FleetCli missing = new FleetCli();
        assertThat(missing.run("group", "delete", "canaries", "--data", data.toString())).isEqualTo(1);
        assertThat(missing.err.toString()).contains("no saved group \"canaries\"");
    }

    @Test
    void aBadNameExitsTwo() {
        FleetCli cli = new FleetCli();
        assertThat(cli.run("group", "save", "-bad/name", "--data", data.toString())).isEqualTo(2);
    }
}
