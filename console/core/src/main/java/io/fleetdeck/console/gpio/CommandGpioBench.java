package io.fleetdeck.console.gpio;

import io.fleetdeck.console.audit.AuditAction;
import io.fleetdeck.console.audit.AuditLog;
import io.fleetdeck.console.audit.AuditOutcome;
import io.fleetdeck.console.mqtt.BrokerConnectionException;
import io.fleetdeck.console.mqtt.DeviceCommands;
import io.fleetdeck.model.CommandResponse;
import io.fleetdeck.model.Commands;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.GpioState;
import io.fleetdeck.model.GpioWrite;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * {@link GpioBench} over the console's device commands and the {@code gpio} states the ingest records. Answers arrive
 * on the MQTT callback thread; the audit entry (SQLite) is written on this bench's own thread, never there.
 */
public final class CommandGpioBench implements GpioBench, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CommandGpioBench.class);

    private final DeviceCommands commands;
    private final GpioStates states;
    private final AuditLog audit;
    private final ExecutorService auditWriter = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("gpio-audit").factory());

    public CommandGpioBench(DeviceCommands commands, GpioStates states, AuditLog audit) {
        this.commands = Objects.requireNonNull(commands, "commands");
        this.states = Objects.requireNonNull(states, "states");
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    @Override
    public Optional<GpioState> state(DeviceId device) {
        return states.state(device);
    }

    @Override
    public void addListener(Consumer<DeviceId> listener) {
        states.addListener(listener);
    }

    @Override
    public void removeListener(Consumer<DeviceId> listener) {
        states.removeListener(listener);
    }

    @Override
    public CompletableFuture<GpioWriteResult> write(DeviceId device, int pin, boolean high) {
        GpioWrite write = new GpioWrite(pin, high);
        return commands.send(device, Commands.GPIO, write.toRequest())
                .handle((answer, failure) -> failure == null ? result(device, write, answer)
                        : unanswered(device, write, failure))
                .thenApplyAsync(this::audited, auditWriter);
    }

    private static GpioWriteResult result(DeviceId device, GpioWrite write, CommandResponse answer) {
        if (answer.ok()) {
            return new GpioWriteResult(device, write.pin(), write.high(), true, "", answer.message());
        }
        String reason = answer.data().getOrDefault(Commands.REASON, "REFUSED");
        return new GpioWriteResult(device, write.pin(), write.high(), false, reason, answer.message());
    }

    private static GpioWriteResult unanswered(DeviceId device, GpioWrite write, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                : failure;
        String reason = cause instanceof BrokerConnectionException ? GpioWriteResult.NOT_SENT
                : GpioWriteResult.NO_ANSWER;
        return new GpioWriteResult(device, write.pin(), write.high(), false, reason, reason + ": "
                + cause.getMessage());
    }

    private GpioWriteResult audited(GpioWriteResult result) {
        audit.record(AuditAction.GPIO_WRITE, result.device().value(), result.describe(),
                result.carriedOut() ? AuditOutcome.SUCCEEDED : AuditOutcome.FAILED);
        if (!result.carriedOut()) {
            log.info("{}: {}", result.device(), result.describe());
        }
        return result;
    }

    /** Writes the audit entries of answers already in, then stops. */
    @Override
    public void close() {
        auditWriter.shutdown();
    }
}
