package io.fleetdeck.console.look;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class UiStateFileTest {
    @TempDir
    Path data;
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(UiStateFile.class);

    @BeforeEach
    void listen() {
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void stopListening() {
        logger.detachAppender(logged);
    }

    @Test
    void aSavedStateIsReadBackAsItWas() {
        UiState state = new UiState(Theme.DARK, Optional.of(new WindowBounds(40, 30.5, 1200, 780)), true,
                Map.of("main", List.of(0.6), "fleet", List.of(0.45)), true, Optional.of("library-tab"),
                "model:pi, online", List.of("sim-0002", "sim-0001"));
        UiStateFile file = new UiStateFile(data);
        file.save(state);

        assertThat(file.path()).isEqualTo(data.resolve("ui-state.properties"));
        assertThat(new UiStateFile(data).load()).isEqualTo(state);
        assertThat(logged.list).isEmpty();
    }

    @Test
    void noFileGivesTheDefaultsSilently() {
        assertThat(new UiStateFile(data).load()).isEqualTo(UiState.DEFAULTS);
        assertThat(logged.list).isEmpty();
    }

    @Test
    void aFileThatCannotBeParsedGivesTheDefaultsAndIsLogged() throws Exception {
        // A malformed \\u escape is the one thing java.util.Properties refuses outright.
        Files.writeString(data.resolve(UiStateFile.NAME), "theme=DARK\nfilter=\\u12G4\n", StandardCharsets.UTF_8);

        assertThat(new UiStateFile(data).load()).isEqualTo(UiState.DEFAULTS);
        assertThat(logged.list).singleElement().satisfies(event -> assertThat(event.getFormattedMessage())
                .contains("ui-state.properties").contains("defaults"));
    }

    @Test
    void valuesThatMakeNoSenseFallBackOneByOneAndAreLogged() throws Exception {
        Files.write(data.resolve(UiStateFile.NAME), List.of("theme=purple", "window.x=12", "window.y=oops",
                "window.width=800", "window.height=600", "divider.main=1.7", "divider.fleet=0.3", "view=table",
                "filter=pi", "selection=sim-0001, ,sim-0003"));

        UiState read = new UiStateFile(data).load();

        assertThat(read.theme()).isEqualTo(Theme.LIGHT);
        assertThat(read.window()).isEmpty();
        assertThat(read.dividers()).isEqualTo(Map.of("fleet", List.of(0.3)));
        assertThat(read.tableShown()).isTrue();
        assertThat(read.filter()).isEqualTo("pi");
        assertThat(read.selection()).containsExactly("sim-0001", "sim-0003");
        assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(message -> assertThat(message).contains("theme").contains("purple"))
                .anySatisfy(message -> assertThat(message).contains("window"))
                .anySatisfy(message -> assertThat(message).contains("divider.main"));
    }
}
