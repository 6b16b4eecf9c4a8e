package io.fleetdeck.model;

import io.fleetdeck.model.MalformedPayloadException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PayloadCodecTest {
    private final PayloadCodec codec = new PayloadCodec();

    private static DeviceInfo sampleInfo() {
        return new DeviceInfo("Raspberry Pi 4 Model B Rev 1.4", "10000000abcdef01", "pi-lab-07", "1.4.2", Slot.A,
                List.of(new SensorDescriptor("soc", "temperature", "°C", "SoC temperature", 1000),
                        new SensorDescriptor("gpio17", "gpio", "", "Door switch", 200)),
                List.of("ota", "gpio"), 1_732_000_000_000L);
    }

    @Test
    void roundTripsEveryPayload() throws Exception {
        Object[] values = {
                sampleInfo(),
                new DeviceStatus(Presence.ONLINE, 1_732_000_000_000L),
                new TelemetryBatch(7, List.of(new Reading("soc", 1_732_000_000_123L, 48.312),
                        new Reading("gpio17", 1_732_000_000_124L, 1))),
                new CommandRequest(Map.of("seconds", "5")),
                CommandResponse.ok("pong", Map.of("uptimeMs", "1200")),
                new DeviceEvent(1_732_000_000_000L, EventLevel.WARN, "sensor-error", "DS18B20 28-0001 CRC mismatch"),
                new InstallProgress("job-42", "1.5.0", InstallState.DOWNLOADING, 1_024, 4_096, "", 1_732_000_000_000L),
                new InstallProgress("job-42", "1.5.0", InstallState.ROLLED_BACK, 4_096, 4_096,
                        "health check: no sane readings within 60 s", 1_732_000_000_000L),
        };
        for (Object value : values) {
            byte[] json = codec.encode(value);
            assertThat(codec.decode(json, value.getClass())).isEqualTo(value);
        }
    }

    @Test
    void encodesTheDocumentedTelemetryShape() {
        byte[] json = codec.encode(new TelemetryBatch(0, List.of(new Reading("soc", 1_732_000_000_000L, 21.5))));
        assertThat(new String(json, StandardCharsets.UTF_8))
                .isEqualTo("{\"v\":1,\"seq\":0,\"readings\":[{\"sensor\":\"soc\",\"ts\":1732000000000,\"value\":21.5}]}");
    }

    static Stream<Arguments> hostileTelemetry() {
        return Stream.of(
                Arguments.of("not json at all", Reason.NOT_JSON),
                Arguments.of("{\"v\":1,\"seq\":0,\"readings\":[{\"sensor\":\"t\",\"ts\":1,\"value\":1}]} trailing", Reason.NOT_JSON),
                Arguments.of("{\"v\":1,\"v\":1,\"seq\":0,\"readings\":[]}", Reason.NOT_JSON),
                Arguments.of("{\"v\":2,\"seq\":0,\"readings\":[{\"sensor\":\"t\",\"ts\":1,\"value\":1}]}", Reason.UNKNOWN_VERSION),
                Arguments.of("{\"v\":2,\"seq\":0,\"samples\":[]}", Reason.UNKNOWN_VERSION),
                Arguments.of("{\"seq\":0,\"readings\":[{\"sensor\":\"t\",\"ts\":1,\"value\":1}]}", Reason.UNKNOWN_VERSION),
                Arguments.of("{\"v\":\"1\",\"seq\":0,\"readings\":[{\"sensor\":\"t\",\"ts\":1,\"value\":1}]}", Reason.UNKNOWN_VERSION),
                Arguments.of("{\"v\":1,\"seq\":0,\"readings\":[{\"sensor\":\"t\",\"ts\":1,\"value\":\"21.5\"}]}", Reason.WRONG_TYPE),
                Arguments.of("{\"v\":1,\"seq\":0,\"readings\":[{\"sensor\":\"t\",\"ts\":1,\"value\":true}]}", Reason.WRONG_TYPE),
                Arguments.of("{\"v\":1,\"seq\":0,\"readings\":[{\"sensor\":\"t\",\"ts\":1.5,\"value\":1}]}", Reason.WRONG_TYPE),
                Arguments.of("{\"v\":1,\"seq\":0,\"readings\":{\"sensor\":\"t\"}}", Reason.WRONG_TYPE),
                Arguments.of("{\"v\":1,\"seq\":0,\"readings\":[{\"sensor\":\"t\",\"ts\":1,\"value\":NaN}]}", Reason.NOT_JSON),
                Arguments.of("{\"v\":1,\"seq\":0,\"readings\":[{\"sensor\":\"t\",\"ts\":1,\"value\":Infinity}]}", Reason.NOT_JSON),
                Arguments.of("{\"v\":1,\"seq\":0,\"readings\":[{\"sensor\":\"t\",\"ts\":1,\"value\":1e999}]}", Reason.INVALID_VALUE),
                Arguments.of("{\"v\":1,\"seq\":0,\"readings\":[]}", Reason.INVALID_VALUE),
                Arguments.of("{\"v\":1,\"seq\":0,\"readings\":[{\"sensor\":\"a/#\",\"ts\":1,\"value\":1}]}", Reason.INVALID_VALUE),
                Arguments.of("{\"v\":1,\"seq\":0,\"readings\":[{\"sensor\":\"t\",\"ts\":-5,\"value\":1}]}", Reason.INVALID_VALUE),
                Arguments.of("{\"v\":1,\"seq\":0,\"readings\":[{\"sensor\":\"t\",\"ts\":1}]}", Reason.MISSING_FIELD),
                Arguments.of("{\"v\":1,\"seq\":0,\"readings\":[{\"sensor\":null,\"ts\":1,\"value\":1}]}", Reason.MISSING_FIELD),
                Arguments.of("{\"v\":1,\"seq\":0}", Reason.MISSING_FIELD),
                Arguments.of("{\"v\":1,\"seq\":0,\"readings\":[{\"sensor\":\"t\",\"ts\":1,\"value\":1,\"unit\":\"C\"}]}", Reason.UNKNOWN_FIELD),
                Arguments.of("[1,2,3]", Reason.WRONG_TYPE),
                Arguments.of("\"x\"".repeat(1), Reason.WRONG_TYPE));
    }

    @ParameterizedTest
    @MethodSource("hostileTelemetry")
    void rejectsHostileTelemetryWithItsReason(String json, Reason expected) {
        assertThatThrownBy(() -> codec.decodeTelemetry(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(MalformedPayloadException.class, e -> {
                    assertThat(e.reason()).as(e.getMessage()).isEqualTo(expected);
                    assertThat(e.payloadType()).isEqualTo("TelemetryBatch");
                });
    }

    @Test
    void rejectsTenMegabytePayloadWithoutParsingIt() {
        byte[] huge = new byte[10 * 1024 * 1024];
        assertThatThrownBy(() -> codec.decodeTelemetry(huge))
                .isInstanceOfSatisfying(MalformedPayloadException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE));
    }

    @Test
    void rejectsBatchOverTheReadingLimit() {
        StringBuilder json = new StringBuilder("{\"v\":1,\"seq\":0,\"readings\":[");
        for (int i = 0; i <= TelemetryBatch.MAX_READINGS; i++) {
            json.append(i == 0 ? "" : ",").append("{\"sensor\":\"t\",\"ts\":1,\"value\":1}");
        }
        json.append("]}");
        assertThatThrownBy(() -> codec.decodeTelemetry(json.toString().getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(MalformedPayloadException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_VALUE));
    }

    @Test
    void rejectsDeeplyNestedJson() {
        String json = "[".repeat(5000) + "]".repeat(5000);
        assertThatThrownBy(() -> codec.decodeTelemetry(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedPayloadException.class);
    }

    @Test
    void infoCarriesTheDevicesDefaultTags() throws Exception {
        DeviceInfo tagged = sampleInfo().withTags(List.of("lab", "floor-2", "site:berlin"));
        byte[] json = codec.encode(tagged);
        assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"tags\":[\"lab\",\"floor-2\",\"site:berlin\"]");
        assertThat(codec.decodeInfo(json)).isEqualTo(tagged);
    }

    @Test
    void infoWithoutTagsIsWhatConsolesBeforeTagsRead() throws Exception {
        String json = new String(codec.encode(sampleInfo()), StandardCharsets.UTF_8);
        assertThat(json).doesNotContain("tags");
        // What a device from before tags sends decodes with none.
        assertThat(codec.decodeInfo(json.getBytes(StandardCharsets.UTF_8)).tags()).isEmpty();
    }

    @Test
    void rejectsInfoWithAnUpperCaseTag() {
        String json = new String(codec.encode(sampleInfo().withTags(List.of("lab"))), StandardCharsets.UTF_8)
                .replace("\"lab\"", "\"Lab\"");
        assertThatThrownBy(() -> codec.decodeInfo(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(MalformedPayloadException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_VALUE));
    }

    @Test
    void rejectsInfoWithDuplicateSensorIds() {
        String json = new String(codec.encode(sampleInfo()), StandardCharsets.UTF_8).replace("gpio17\",\"kind",
                "soc\",\"kind");
        assertThatThrownBy(() -> codec.decodeInfo(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(MalformedPayloadException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.INVALID_VALUE);
                    assertThat(e.getMessage()).contains("duplicate sensor id");
                });
    }

    @Test
    void rejectsAFailedInstallWithoutAReason() {
        byte[] json = ("{\"v\":1,\"job\":\"j1\",\"version\":\"1\",\"state\":\"FAILED\",\"bytes\":0,"
                + "\"totalBytes\":0,\"reason\":\"\",\"ts\":1}").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> codec.decodeInstall(json))
                .isInstanceOfSatisfying(MalformedPayloadException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_VALUE));
    }

    @Test
    void rejectsUnknownPresenceState() {
        byte[] json = "{\"v\":1,\"state\":\"SLEEPING\",\"ts\":1}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> codec.decodeStatus(json))
                .isInstanceOfSatisfying(MalformedPayloadException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_TYPE));
    }

    @Test
    void refusesNonNumericNumbersByPolicy() {
        assertThat(codec.allowsNonNumericNumbers()).isFalse();
    }
}
