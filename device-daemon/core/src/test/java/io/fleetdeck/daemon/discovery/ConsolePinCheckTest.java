package io.fleetdeck.daemon.discovery;

import ch.qos.logback.classic.Level;
import io.fleetdeck.daemon.identity.AdoptedConsole;
import io.fleetdeck.daemon.identity.ConsolePin;
import io.fleetdeck.model.ConsoleAnnouncement;
import io.fleetdeck.model.KeyFingerprint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ConsolePinCheckTest {
    static final KeyFingerprint KEY_A = new KeyFingerprint("SHA256:" + "A".repeat(43));
    static final KeyFingerprint KEY_B = new KeyFingerprint("SHA256:" + "B".repeat(43));
    private static final ConsoleAnnouncement LEGIT = new ConsoleAnnouncement("console-a", "tcp://10.0.0.1:1883", KEY_A);

    private final ConsolePinCheck pinnedToA = new ConsolePinCheck(
            () -> Optional.of(new AdoptedConsole("console-a", KEY_A)));

    @Test
    void aDeviceNotAdoptedFollowsAnyConsole() {
        ConsolePinCheck check = new ConsolePinCheck(ConsolePin.none());
        assertThat(check.allows(new ConsoleAnnouncement("console-b", "tcp://10.0.0.2:1883", Optional.empty()),
                "console-b", "lo")).isTrue();
        assertThat(check.stillAllows(LEGIT)).isTrue();
    }

    @Test
    void anAdoptedDeviceFollowsItsConsoleWithItsKeyWhereverItsBrokerIs() {
        assertThat(pinnedToA.allows(LEGIT, "console-a", "lo")).isTrue();
        assertThat(pinnedToA.allows(new ConsoleAnnouncement("console-a", "tcp://10.0.0.9:8883", KEY_A), "console-a",
                "eth0")).isTrue();
    }

    @Test
    void refusesAnotherConsoleAnotherKeyAndNoKey() {
        assertThat(ConsolePinCheck.refusal(new AdoptedConsole("console-a", KEY_A),
                new ConsoleAnnouncement("console-b", "tcp://10.0.0.1:1883", KEY_A)))
                .contains(ConsolePinCheck.Refusal.OTHER_CONSOLE);
        assertThat(ConsolePinCheck.refusal(new AdoptedConsole("console-a", KEY_A),
                new ConsoleAnnouncement("console-a", "tcp://10.0.0.1:1883", KEY_B)))
                .contains(ConsolePinCheck.Refusal.OTHER_KEY);
        assertThat(ConsolePinCheck.refusal(new AdoptedConsole("console-a", KEY_A),
                new ConsoleAnnouncement("console-a", "tcp://10.0.0.1:1883", Optional.empty())))
                .contains(ConsolePinCheck.Refusal.NO_KEY);
        assertThat(ConsolePinCheck.refusal(new AdoptedConsole("console-a", KEY_A), LEGIT)).isEmpty();
    }

    @Test
    void logsARefusalOncePerInstanceAndReasonWithWhatIsAnnouncedAndPinned() {
        ConsoleAnnouncement fake = new ConsoleAnnouncement("console-a", "tcp://10.6.6.6:1883", KEY_B);
        ConsoleAnnouncement keyless = new ConsoleAnnouncement("console-a", "tcp://10.6.6.6:1883", Optional.empty());
        try (LogCapture log = new LogCapture(ConsolePinCheck.class)) {
            for (int i = 0; i < 3; i++) {
                assertThat(pinnedToA.allows(fake, "evil-1", "lo")).isFalse();
                assertThat(pinnedToA.allows(keyless, "evil-1", "lo")).isFalse();
                assertThat(pinnedToA.allows(fake, "evil-2", "lo")).isFalse();
            }

            assertThat(log.lines(Level.WARN, "\"evil-1\"")).hasSize(2);
            assertThat(log.lines(Level.WARN, "\"evil-2\"")).singleElement().satisfies(line -> assertThat(line)
                    .contains("other key").contains(KEY_B.value()).contains("tcp://10.6.6.6:1883")
                    .contains("pinned to console \"console-a\" with key " + KEY_A.value()));
            assertThat(log.lines(Level.WARN, "\"evil-1\"")).anySatisfy(line -> assertThat(line)
                    .contains("no key").contains("with key (none)"));
        }
    }

    @Test
    void anUnreadablePinRefusesEveryConsoleAndSaysSoLoudlyOnce(@TempDir Path state) throws Exception {
        Files.writeString(state.resolve(AdoptedConsole.FILE), "{\"consoleId\":");
        ConsolePinCheck check = new ConsolePinCheck(ConsolePin.in(state));
        try (LogCapture log = new LogCapture(ConsolePinCheck.class)) {
            assertThat(check.allows(LEGIT, "console-a", "lo")).isFalse();
            assertThat(check.allows(LEGIT, "console-a", "lo")).isFalse();
            assertThat(check.stillAllows(LEGIT)).isFalse();

            assertThat(log.lines(Level.ERROR, state.resolve(AdoptedConsole.FILE).toString())).singleElement()
                    .satisfies(line -> assertThat(line).contains("ignoring every console announcement"));
        }
        assertThat(check.describe()).contains("following no console");
    }
}
