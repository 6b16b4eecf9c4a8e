package io.fleetdeck.daemon.identity;

import io.fleetdeck.common.files.DurableFiles;
import io.fleetdeck.model.KeyFingerprint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdoptedConsoleTest {
    static final KeyFingerprint KEY_A = new KeyFingerprint("SHA256:" + "A".repeat(43));
    static final KeyFingerprint KEY_B = new KeyFingerprint("SHA256:" + "B".repeat(43));

    @Test
    void aDeviceNeverAdoptedHasNoPin(@TempDir Path state) throws Exception {
        assertThat(AdoptedConsole.load(state)).isEmpty();
    }

    @Test
    void savesAndLoadsThePinAsSmallJson(@TempDir Path state) throws Exception {
        AdoptedConsole pin = new AdoptedConsole("console-a", KEY_A);
        pin.save(state);

        assertThat(AdoptedConsole.load(state)).contains(pin);
        assertThat(Files.readString(state.resolve("console.json")))
                .isEqualTo("{\"consoleId\":\"console-a\",\"key\":\"" + KEY_A.value() + "\"}\n");
        assertThat(DurableFiles.temporaryFor(state.resolve("console.json"))).doesNotExist();
    }

    @Test
    void aNewPinReplacesTheOldOne(@TempDir Path state) throws Exception {
        new AdoptedConsole("console-a", KEY_A).save(state);
        new AdoptedConsole("console-b", KEY_B).save(state);
        assertThat(AdoptedConsole.load(state)).contains(new AdoptedConsole("console-b", KEY_B));
    }

    @Test
    void ignoresTheLeftoverOfAnInterruptedSave(@TempDir Path state) throws Exception {
        new AdoptedConsole("console-a", KEY_A).save(state);
        Files.writeString(DurableFiles.temporaryFor(state.resolve("console.json")), "{\"consoleId\":\"evil\"");
        assertThat(AdoptedConsole.load(state)).contains(new AdoptedConsole("console-a", KEY_A));
    }

    @Test
    void refusesAFileThatIsNotExactlyAPinNamingTheFile(@TempDir Path state) throws Exception {
        String key = "\"" + KEY_A.value() + "\"";
        String[] corrupt = {
                "",
                "not json",
                "[]",
                "{\"consoleId\":\"console-a\"}",
                "{\"key\":" + key + "}",
                "{\"consoleId\":\"console-a\",\"key\":" + key + ",\"extra\":1}",
                "{\"consoleId\":\"console-a\",\"consoleId\":\"console-b\",\"key\":" + key + "}",
                "{\"consoleId\":\"console-a\",\"key\":\"MD5:abc\"}",
                "{\"consoleId\":\"a/b\",\"key\":" + key + "}",
                "{\"consoleId\":7,\"key\":" + key + "}",
                "{\"consoleId\":\"console-a\",\"key\":" + key + "} {}",
                "{\"consoleId\":\"" + "x".repeat(5000) + "\",\"key\":" + key + "}",
        };
        for (String content : corrupt) {
            Files.writeString(state.resolve("console.json"), content);
            assertThatThrownBy(() -> AdoptedConsole.load(state)).as(content)
                    .isInstanceOfSatisfying(ConsolePinException.class,
                            e -> assertThat(e.file()).isEqualTo(state.resolve("console.json")))
                    .hasMessageContaining("console.json");
        }
    }

    @Test
    void refusesAPinThatCannotBeRead(@TempDir Path state) throws Exception {
        Files.createDirectory(state.resolve("console.json"));
        assertThatThrownBy(() -> AdoptedConsole.load(state)).isInstanceOf(ConsolePinException.class)
                .hasMessageContaining("cannot read the console pin");
    }

    @Test
    void refusesAnUnsafeConsoleId() {
        assertThatThrownBy(() -> new AdoptedConsole("a+#", KEY_A)).isInstanceOf(IllegalArgumentException.class);
    }
}
