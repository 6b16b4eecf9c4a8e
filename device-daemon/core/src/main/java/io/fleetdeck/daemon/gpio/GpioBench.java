package io.fleetdeck.daemon.gpio;

import io.fleetdeck.model.CommandRequest;
import io.fleetdeck.model.CommandResponse;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.GpioDirection;
import io.fleetdeck.model.GpioPin;
import io.fleetdeck.model.GpioRefusal;
import io.fleetdeck.model.GpioState;
import io.fleetdeck.model.GpioWrite;
import io.fleetdeck.model.MalformedPayloadException;
import io.fleetdeck.model.MessageEnvelope;
import io.fleetdeck.model.MessageSignature;
import io.fleetdeck.model.MessageVerificationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * {@code cmd/gpio} on the device, and the levels it reports. A write passes, in order: the operator's signature
 * ({@link SignatureCheck}), strict arguments ({@link GpioWrite}), the pin being exposed, and the interlock: the pin
 * is declared an output in the config ({@link GpioLayout}). Only then is it driven and read back; every write, done
 * or refused, is logged with who signed it. Each accepted write and each input change publishes the new
 * {@link GpioState}.
 */
public final class GpioBench {
    private static final Logger log = LoggerFactory.getLogger(GpioBench.class);

    private final DeviceId device;
    private final GpioLayout layout;
    private final GpioPort port;
    private final SignatureCheck signatures;
    private final LongSupplier clock;
    /** Last level read per pin: what a state shows for a pin that cannot be read right now. */
    private final Map<Integer, Boolean> lastLevels = new HashMap<>();
    private volatile Consumer<GpioState> listener = state -> { };

    public GpioBench(DeviceId device, GpioLayout layout, GpioPort port, SignatureCheck signatures,
                     LongSupplier clock) {
        this.device = Objects.requireNonNull(device, "device");
        this.layout = Objects.requireNonNull(layout, "layout");
        this.port = Objects.requireNonNull(port, "port");
        this.signatures = Objects.requireNonNull(signatures, "signatures");
        this.clock = Objects.requireNonNull(clock, "clock");
        port.onInputChange(pin -> publish());
    }

    /** A device exposing no pins: every write is refused as {@code UNKNOWN_PIN}. */
    public static GpioBench none(DeviceId device) {
        return new GpioBench(device, GpioLayout.NONE, new MemoryGpioPort(), message -> {
            throw new MessageVerificationException(MessageVerificationException.Reason.UNKNOWN_KEY,
                    "this device exposes no GPIO pins and trusts no key for them");
        }, System::currentTimeMillis);
    }

    public GpioLayout layout() {
        return layout;
    }

    /** Where each new state goes (the retained {@code gpio} topic); replaces the previous listener. */
    public void onChange(Consumer<GpioState> listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** Every exposed pin with its level now; empty when the device exposes none. */
    public Optional<GpioState> state() {
        if (layout.isEmpty()) {
            return Optional.empty();
        }
        List<GpioPin> pins = new ArrayList<>();
        synchronized (lastLevels) {
            for (int pin : layout.pins()) {
                GpioDirection direction = layout.direction(pin).orElseThrow();
                boolean level;
                try {
                    level = port.read(pin);
                    lastLevels.put(pin, level);
                } catch (GpioHardwareException e) {
                    level = lastLevels.getOrDefault(pin, false);
                    log.warn("{}: cannot read {}; reporting its last level", device, e.getMessage());
                }
                pins.add(new GpioPin(pin, direction, level));
            }
        }
        return Optional.of(new GpioState(pins, clock.getAsLong()));
    }

    /** Carries out {@code cmd/gpio}; never throws, every outcome is one answer. */
    public CommandResponse write(CommandRequest request, MessageEnvelope message) {
        MessageSignature signer;
        try {
            signer = signatures.check(message);
        } catch (MessageVerificationException e) {
            log.warn("{}: refused cmd/gpio {}: {}: {}", device, request.args(), e.reason(), e.getMessage());
            return GpioRefusal.of(e.reason()).answer(e.getMessage(), -1);
        } catch (IOException e) {
            log.warn("{}: refused cmd/gpio: cannot read the trusted keys: {}", device, e.getMessage());
            return GpioRefusal.UNKNOWN_KEY.answer("cannot read the trusted keys: " + e.getMessage(), -1);
        }
        GpioWrite write;
        try {
            write = GpioWrite.from(request);
        } catch (MalformedPayloadException e) {
            log.warn("{}: refused cmd/gpio from {}: {}", device, signer.key(), e.getMessage());
            return GpioRefusal.BAD_REQUEST.answer(e.getMessage(), -1);
        }
        int pin = write.pin();
        String level = GpioPin.levelName(write.high());
        Optional<GpioDirection> direction = layout.direction(pin);
        if (direction.isEmpty()) {
            log.warn("{}: refused to drive GPIO {} {} for {}: not exposed", device, pin, level, signer.key());
            return GpioRefusal.UNKNOWN_PIN.answer("GPIO " + pin + " is not exposed by this device (inputs "
                    + layout.inputs() + ", outputs " + layout.outputs() + ")", pin);
        }
        if (direction.get() != GpioDirection.OUTPUT) {
            log.warn("{}: refused to drive GPIO {} {} for {}: declared an input", device, pin, level, signer.key());
            return GpioRefusal.NOT_AN_OUTPUT.answer("GPIO " + pin + " is declared an input (gpio.inputs); only "
                    + "the outputs " + layout.outputs() + " (gpio.outputs) may be driven", pin);
        }
        boolean readBack;
        try {
            synchronized (lastLevels) {
                port.write(pin, write.high());
                readBack = port.read(pin);
                lastLevels.put(pin, readBack);
            }
        } catch (GpioHardwareException e) {
            log.warn("{}: driving GPIO {} {} for {} failed: {}", device, pin, level, signer.key(), e.getMessage());
            return GpioRefusal.HARDWARE_ERROR.answer(e.getMessage(), pin);
        }
        publish();
        if (readBack != write.high()) {
            log.warn("{}: GPIO {} reads {} after driving it {} for {}", device, pin, GpioPin.levelName(readBack),
                    level, signer.key());
            return GpioRefusal.HARDWARE_ERROR.answer("GPIO " + pin + " reads " + GpioPin.levelName(readBack)
                    + " after driving it " + level, pin);
        }
        log.info("{}: GPIO {} driven {} for {}", device, pin, level, signer.key());
        return CommandResponse.ok("GPIO " + pin + " is " + level, Map.of("pin", Integer.toString(pin), "level",
                level));
    }

    /** Hands the current state to the listener. */
    public void publish() {
        state().ifPresent(state -> listener.accept(state));
    }
}
