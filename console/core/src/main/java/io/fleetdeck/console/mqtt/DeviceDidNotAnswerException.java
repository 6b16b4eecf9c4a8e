package io.fleetdeck.console.mqtt;

import io.fleetdeck.model.DeviceId;

import java.time.Duration;

/** A device did not answer a command in time: it is offline, busy rebooting, or does not run fleetdeckd. */
public final class DeviceDidNotAnswerException extends RuntimeException {
    private final DeviceId device;
    private final String command;
    private final Duration timeout;

    public DeviceDidNotAnswerException(DeviceId device, String command, Duration timeout) {
        super(device + " did not answer cmd/" + command + " within " + timeout.toMillis() / 1000.0 + " s");
        this.device = device;
        this.command = command;
        this.timeout = timeout;
    }

    public DeviceId device() {
        return device;
    }

    public String command() {
        return command;
    }

    public Duration timeout() {
        return timeout;
    }
}
