package io.fleetdeck.model;

import java.util.Objects;
import java.util.Optional;

/**
 * A parsed Fleetdeck topic. {@link #command()} is present only for {@link TopicKind#COMMAND} topics.
 */
public record DeviceTopic(DeviceId device, TopicKind kind, Optional<String> command) {
    public DeviceTopic {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(command, "command");
        if ((kind == TopicKind.COMMAND) != command.isPresent()) {
            throw new IllegalArgumentException("a command name goes with cmd topics only");
        }
        command.ifPresent(Identifiers::requireCommandName);
    }

    public static DeviceTopic of(DeviceId device, TopicKind kind) {
        return new DeviceTopic(device, kind, Optional.empty());
    }

    public static DeviceTopic command(DeviceId device, String name) {
        return new DeviceTopic(device, TopicKind.COMMAND, Optional.of(name));
    }

    /** The topic string, e.g. {@code fleetdeck/v1/pi-0001/telemetry}. */
    public String topic() {
        String base = Topics.deviceRoot(device) + kind.segment();
        return command.map(name -> base + "/" + name).orElse(base);
    }

    @Override
    public String toString() {
        return topic();
    }
}
