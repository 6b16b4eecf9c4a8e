package io.fleetdeck.console.gpio;

import io.fleetdeck.console.audit.AuditAction;
import io.fleetdeck.console.audit.AuditEntry;
import io.fleetdeck.console.audit.AuditOutcome;
import io.fleetdeck.console.audit.SqliteAuditLog;
import io.fleetdeck.console.mqtt.DeviceCommands;
import io.fleetdeck.console.mqtt.DeviceDidNotAnswerException;
import io.fleetdeck.console.storage.FleetDatabase;
import io.fleetdeck.model.CommandRequest;
import io.fleetdeck.model.CommandResponse;
import io.fleetdeck.model.Commands;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.GpioDirection;
import io.fleetdeck.model.GpioPin;
import io.fleetdeck.model.GpioRefusal;
import io.fleetdeck.model.GpioState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The console side of cmd/gpio: what it sends, what it makes of each answer, and that every write is audited. */
class CommandGpioBenchTest {
    private static final DeviceId DEVICE = DeviceId.of("bench-7");

    @TempDir
    Path dir;

    private FleetDatabase database;
    private SqliteAuditLog audit;
    private final List<CommandRequest> sent = new ArrayList<>();
    private CompletableFuture<CommandResponse> answer;
    private CommandGpioBench bench;

    @BeforeEach
    void setUp() {
        database = FleetDatabase.open(dir, Clock.systemUTC());
        audit = new SqliteAuditLog(database, Clock.systemUTC(), "alice");
        DeviceCommands commands = (device, command, request) -> {
            assertThat(command).isEqualTo(Commands.GPIO);
            sent.add(request);
            return answer;
        };
        bench = new CommandGpioBench(commands, new GpioStates(), audit);
    }

    @AfterEach
    void tearDown() {
        bench.close();
        database.close();
    }

    @Test
    void aCarriedOutWriteIsAuditedAsSucceeded() throws Exception {
        answer = CompletableFuture.completedFuture(CommandResponse.ok("GPIO 17 is high", Map.of("pin", "17",
                "level", "high")));

        GpioWriteResult result = bench.write(DEVICE, 17, true).get(10, TimeUnit.SECONDS);

        assertThat(sent).extracting(CommandRequest::args).containsExactly(Map.of("pin", "17", "level", "high"));
        assertThat(result.carriedOut()).isTrue();
        AuditEntry entry = audit.entries(Optional.empty()).getLast();
        assertThat(entry.action()).isEqualTo(AuditAction.GPIO_WRITE);
        assertThat(entry.target()).isEqualTo("bench-7");
        assertThat(entry.detail()).isEqualTo("GPIO 17 → high: done (GPIO 17 is high)");
        assertThat(entry.outcome()).isEqualTo(AuditOutcome.SUCCEEDED);
    }

    @Test
    void aRefusalKeepsTheDevicesReasonAndIsAuditedAsFailed() throws Exception {
        answer = CompletableFuture.completedFuture(GpioRefusal.NOT_AN_OUTPUT.answer("GPIO 22 is declared an input",
                22));

        GpioWriteResult result = bench.write(DEVICE, 22, true).get(10, TimeUnit.SECONDS);

        assertThat(result.carriedOut()).isFalse();
        assertThat(result.reason()).isEqualTo("NOT_AN_OUTPUT");
        AuditEntry entry = audit.entries(Optional.empty()).getLast();
        assertThat(entry.detail()).isEqualTo("GPIO 22 → high: refused: NOT_AN_OUTPUT: GPIO 22 is declared an input");
        assertThat(entry.outcome()).isEqualTo(AuditOutcome.FAILED);
    }

    @Test
    void noAnswerIsAuditedToo() throws Exception {
        answer = CompletableFuture.failedFuture(new DeviceDidNotAnswerException(DEVICE, Commands.GPIO,
                Duration.ofSeconds(10)));

        GpioWriteResult result = bench.write(DEVICE, 27, false).get(10, TimeUnit.SECONDS);

        assertThat(result.reason()).isEqualTo(GpioWriteResult.NO_ANSWER);
        assertThat(audit.entries(Optional.empty()).getLast().outcome()).isEqualTo(AuditOutcome.FAILED);
    }

    @Test
    void keepsTheNewestStateAndTellsListeners() {
        GpioStates states = new GpioStates();
        List<DeviceId> heard = new ArrayList<>();
        states.addListener(heard::add);
        GpioState newer = new GpioState(List.of(new GpioPin(17, GpioDirection.OUTPUT, true)), 20);

        states.record(DEVICE, newer);
        states.record(DEVICE, new GpioState(List.of(new GpioPin(17, GpioDirection.OUTPUT, false)), 10));

        assertThat(states.state(DEVICE)).contains(newer);
        assertThat(heard).containsExactly(DEVICE);
    }
}
