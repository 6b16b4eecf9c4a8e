package io.fleetdeck.console.broker.auth;

import io.fleetdeck.model.DeviceId;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MosquittoPasswordFileTest {
    private final SecureRandom random = new SecureRandom();

    @Test
    void writesTheConsoleFirstThenEachDeviceByIdAsMosquittoHashes() {
        Map<DeviceId, PasswordHash> devices = Map.of(
                DeviceId.of("dev-b"), PasswordHash.of("b-pw", random),
                DeviceId.of("dev-a"), PasswordHash.of("a-pw", random));

        List<String> lines = MosquittoPasswordFile.render(PasswordHash.of("console-pw", random), devices).lines()
                .toList();

        assertThat(lines).extracting(line -> line.substring(0, line.indexOf(':')))
                .containsExactly("_console", "dev-a", "dev-b");
        assertThat(hashOf(lines.get(0)).matches("console-pw")).isTrue();
        assertThat(hashOf(lines.get(1)).matches("a-pw")).isTrue();
        assertThat(hashOf(lines.get(2)).matches("b-pw")).isTrue();
        assertThat(lines).allMatch(line -> line.contains(":$7$101$")).noneMatch(line -> line.contains("-pw"));
    }

    @Test
    void holdsOnlyTheConsoleBeforeAnyAdoption() {
        assertThat(MosquittoPasswordFile.render(PasswordHash.of("pw", random), Map.of()).lines()).singleElement()
                .satisfies(line -> assertThat(line).startsWith("_console:$7$"));
    }

    private static PasswordHash hashOf(String line) {
        return PasswordHash.parse(line.substring(line.indexOf(':') + 1));
    }
}
