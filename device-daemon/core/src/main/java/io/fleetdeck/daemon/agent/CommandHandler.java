package io.fleetdeck.daemon.agent;

import io.fleetdeck.daemon.gpio.GpioBench;
import io.fleetdeck.daemon.mqtt.CommandExecutor;
import io.fleetdeck.daemon.sensors.Identifier;
import io.fleetdeck.model.CommandRequest;
import io.fleetdeck.model.CommandResponse;
import io.fleetdeck.model.Commands;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.GpioRefusal;
import io.fleetdeck.model.Identifiers;
import io.fleetdeck.model.InstallFailure;
import io.fleetdeck.model.MalformedPayloadException;
import io.fleetdeck.model.MessageEnvelope;
import io.fleetdeck.model.PayloadCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Carries out {@code cmd/<name>} requests and says what happened. Knows nothing of MQTT: the session hands it the
 * command name and payload and publishes whatever it returns, so every request gets exactly one response.
 */
public final class CommandHandler implements CommandExecutor {
    public static final String PING = "ping";
    public static final String IDENTIFY = "identify";
    private static final Logger log = LoggerFactory.getLogger(CommandHandler.class);

    private final DeviceId device;
    private final String firmwareVersion;
    private final long startedAt;
    private final LongSupplier readingsPublished;
    private final Identifier identifier;
    private final PayloadCodec codec;
    private final LongSupplier clock;
    private final FirmwareCommands firmware;
    private final GpioBench gpio;

    public CommandHandler(DeviceId device, String firmwareVersion, long startedAt, LongSupplier readingsPublished,
                          Identifier identifier, PayloadCodec codec, LongSupplier clock) {
        this(device, firmwareVersion, startedAt, readingsPublished, identifier, codec, clock, FirmwareCommands.NONE);
    }

    public CommandHandler(DeviceId device, String firmwareVersion, long startedAt, LongSupplier readingsPublished,
                          Identifier identifier, PayloadCodec codec, LongSupplier clock, FirmwareCommands firmware) {
        this(device, firmwareVersion, startedAt, readingsPublished, identifier, codec, clock, firmware,
                GpioBench.none(device));
    }

    /** @param gpio answers {@code cmd/gpio} */
    public CommandHandler(DeviceId device, String firmwareVersion, long startedAt, LongSupplier readingsPublished,
                          Identifier identifier, PayloadCodec codec, LongSupplier clock, FirmwareCommands firmware,
                          GpioBench gpio) {
        this.gpio = Objects.requireNonNull(gpio, "gpio");
        this.device = Objects.requireNonNull(device, "device");
        this.firmwareVersion = Objects.requireNonNull(firmwareVersion, "firmwareVersion");
        this.startedAt = startedAt;
        this.readingsPublished = Objects.requireNonNull(readingsPublished, "readingsPublished");
        this.identifier = Objects.requireNonNull(identifier, "identifier");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.firmware = Objects.requireNonNull(firmware, "firmware");
    }

    @Override
    public CommandResponse handle(String name, MessageEnvelope message) {
        CommandRequest request;
        try {
            request = codec.decodeCommand(message.payload());
        } catch (MalformedPayloadException e) {
            log.warn("{}: refused cmd/{}: {}", device, name, e.getMessage());
            if (name.equals(Commands.PREFLIGHT) || name.equals(Commands.INSTALL)) {
                return CommandResponse.refused(InstallFailure.BAD_REQUEST, e.getMessage());
            }
            if (name.equals(Commands.GPIO)) {
                return GpioRefusal.BAD_REQUEST.answer(e.getMessage(), -1);
            }
            return CommandResponse.failed(truncate(e.getMessage()));
        }
        try {
            return switch (name) {
                case PING -> ping();
                case IDENTIFY -> identify(request);
                case Commands.TRUST_KEY -> firmware.trustKey(request, message);
                case Commands.PREFLIGHT -> firmware.preflight(request, message);
                case Commands.INSTALL -> firmware.install(request, message);
                case Commands.GPIO -> gpio.write(request, message);
                default -> CommandResponse.failed("unknown command " + Identifiers.quote(name));
            };
        } catch (RuntimeException e) {
            log.warn("{}: cmd/{} failed", device, name, e);
            return CommandResponse.failed(truncate("cmd/" + name + " failed: " + e));
        }
    }

    private CommandResponse ping() {
        return CommandResponse.ok("pong", Map.of(
                "uptimeMs", Long.toString(Math.max(0, clock.getAsLong() - startedAt)),
                "firmware", firmwareVersion,
                "readingsPublished", Long.toString(readingsPublished.getAsLong())));
    }

    private CommandResponse identify(CommandRequest request) {
        String what = identifier.identify();
        log.info("{}: identify requested{}: {}", device, request.args().isEmpty() ? "" : " " + request.args(), what);
        return CommandResponse.ok(what, Map.of());
    }

    private static String truncate(String text) {
        return text.length() <= 1024 ? text : text.substring(0, 1020) + "…";
    }
}
