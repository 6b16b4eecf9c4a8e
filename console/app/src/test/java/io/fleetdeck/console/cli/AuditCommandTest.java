package io.fleetdeck.console.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code fleetdeck audit} over the entries earlier commands left in {@code fleet.db}. */
class AuditCommandTest {
    @TempDir
    Path data;

    @Test
    void exportsTheLogAsCsvAndJsonWithWhoAndOutcome() throws Exception {
        new FleetCli().run("tag", "add", "pi-1", "lab", "--data", data.toString());
        new FleetCli().run("group", "delete", "nothing", "--data", data.toString());
        String user = System.getProperty("user.name");

        FleetCli csv = new FleetCli();
        assertThat(csv.run("audit", "--format", "csv", "--data", data.toString())).as(csv.err.toString()).isZero();
        assertThat(csv.out.toString().lines()).hasSize(3).first()
                .isEqualTo("id,time_utc,user,action,target,detail,outcome");
        assertThat(csv.out.toString().lines().toList().get(1))
                .endsWith("," + user + ",TAG_CHANGE,pi-1,added lab,SUCCEEDED");
        assertThat(csv.out.toString().lines().toList().get(2))
                .endsWith("," + user + ",GROUP_DELETE,nothing,no such group,FAILED");

        Path file = data.resolve("audit.json");
        FleetCli json = new FleetCli();
        assertThat(json.run("audit", "--format", "json", "--since", "-1h", "-o", file.toString(), "--data",
                data.toString())).isZero();
        JsonNode entries = new ObjectMapper().readTree(Files.readString(file));
        assertThat(entries).hasSize(2);
        assertThat(entries.get(0).get("action").asText()).isEqualTo("TAG_CHANGE");
        assertThat(entries.get(1).get("outcome").asText()).isEqualTo("FAILED");
        assertThat(json.err.toString()).contains("2 entries written");
    }

    @Test
    void anUnknownFormatExitsTwo() {
        FleetCli cli = new FleetCli();
        assertThat(cli.run("audit", "--format", "xml", "--data", data.toString())).isEqualTo(2);
        assertThat(cli.err.toString()).contains("csv or json");
    }
}
