package io.fleetdeck.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopicsTest {
    private final DeviceId pi = DeviceId.of("pi-0001");

    @Test
    void buildsTopicsUnderTheDeviceRoot() {
        assertThat(Topics.info(pi)).isEqualTo("fleetdeck/v1/pi-0001/info");
        assertThat(Topics.status(pi)).isEqualTo("fleetdeck/v1/pi-0001/status");
        assertThat(Topics.telemetry(pi)).isEqualTo("fleetdeck/v1/pi-0001/telemetry");
        assertThat(Topics.events(pi)).isEqualTo("fleetdeck/v1/pi-0001/events");
        assertThat(Topics.command(pi, "ping")).isEqualTo("fleetdeck/v1/pi-0001/cmd/ping");
        assertThat(Topics.commandFilter(pi)).isEqualTo("fleetdeck/v1/pi-0001/cmd/+");
    }

    @Test
    void parsesWhatItBuilds() {
        for (TopicKind kind : TopicKind.values()) {
            DeviceTopic topic = kind == TopicKind.COMMAND ? DeviceTopic.command(pi, "ping") : DeviceTopic.of(pi, kind);
            assertThat(Topics.parse(topic.topic())).contains(topic);
        }
    }

    @Test
    void ignoresTopicsOutsideTheProtocol() {
        assertThat(Topics.parse("other/v1/pi-0001/info")).isEmpty();
        assertThat(Topics.parse("fleetdeck/v1/pi-0001/firmware")).isEmpty();
        assertThat(Topics.parse("fleetdeck/v1/pi-0001/info/extra")).isEmpty();
        assertThat(Topics.parse("fleetdeck/v1/_console/c1/responses")).isEmpty();
        assertThat(Topics.parse(null)).isEqualTo(Optional.empty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"fleetdeck/v1/evil+/telemetry", "fleetdeck/v1/a#/info", "fleetdeck/v1//status",
            "fleetdeck/v1/-lead/info", "fleetdeck/v1/semi;colon/info"})
    void reportsHostileDeviceIdsInsteadOfIgnoringThem(String topic) {
        assertThatThrownBy(() -> Topics.parse(topic)).isInstanceOf(InvalidIdentifierException.class);
    }

    @Test
    void acceptsOnlyConsoleResponseTopicsForReplies() {
        assertThat(Topics.isConsoleResponseTopic(Topics.consoleResponses("console-1"))).isTrue();
        assertThat(Topics.isConsoleResponseTopic("fleetdeck/v1/pi-0001/status")).isFalse();
        assertThat(Topics.isConsoleResponseTopic("fleetdeck/v1/_console/x/responses/more")).isFalse();
        assertThat(Topics.isConsoleResponseTopic("$SYS/broker")).isFalse();
    }
}
