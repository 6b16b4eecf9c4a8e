package io.fleetdeck.console.broker.auth;

import io.fleetdeck.model.DeviceId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MosquittoAclTest {
    @Test
    void grantsExactlyTheRolesOfTheSecurityDesignAndNothingElse() {
        String acl = MosquittoAcl.render(List.of(DeviceId.of("dev-b"), DeviceId.of("dev-a")));

        assertThat(rules(acl)).containsExactly(
                "pattern write fleetdeck/v1/%u/info",
                "pattern write fleetdeck/v1/%u/status",
                "pattern write fleetdeck/v1/%u/telemetry",
                "pattern write fleetdeck/v1/%u/events",
                "pattern write fleetdeck/v1/%u/install",
                "pattern write fleetdeck/v1/%u/gpio",
                "pattern read fleetdeck/v1/%u/cmd/+",
                "user _console",
                "topic readwrite fleetdeck/v1/#",
                "user dev-a",
                "topic write fleetdeck/v1/_console/+/responses",
                "user dev-b",
                "topic write fleetdeck/v1/_console/+/responses");
    }

    @Test
    void givesTheConsoleItsWholeTreeEvenWithoutDevices() {
        String acl = MosquittoAcl.render(List.of());

        assertThat(rules(acl)).contains("user _console", "topic readwrite fleetdeck/v1/#")
                .noneMatch(line -> line.endsWith("/responses"));
    }

    @Test
    void usesNoDenyLineThatCouldNarrowTheConsolesGrant() {
        // Mosquitto checks deny lines, patterns included, before any grant: one would cut into fleetdeck/v1/#.
        assertThat(rules(MosquittoAcl.render(List.of(DeviceId.of("dev-a")))))
                .noneMatch(line -> line.contains(" deny "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"_console", "a/b", "a+", "a#", "+", "#", "a b", ""})
    void noDeviceIdCanTurnAUserPatternIntoAnotherRolesTopic(String id) {
        // %u is replaced by the user name, i.e. the device id: these would name the console's segment, widen the
        // match or escape the device's level. Only DeviceIds reach the ACL, and they refuse all of them.
        assertThatThrownBy(() -> DeviceId.of(id)).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<String> rules(String acl) {
        return acl.lines().filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
    }
}
