package io.fleetdeck.console.ingest;

import io.fleetdeck.console.fleet.DeviceSnapshot;
import io.fleetdeck.console.fleet.FleetRegistry;
import io.fleetdeck.console.fleet.PresenceState;
import io.fleetdeck.console.history.HistorySettings;
import io.fleetdeck.console.history.SqliteReadingStore;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.DeviceInfo;
import io.fleetdeck.model.DeviceStatus;
import io.fleetdeck.model.PayloadCodec;
import io.fleetdeck.model.Presence;
import io.fleetdeck.model.Reading;
import io.fleetdeck.model.SensorDescriptor;
import io.fleetdeck.model.Slot;
import io.fleetdeck.model.TelemetryBatch;
import io.fleetdeck.model.Topics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The ingest path with a real SQLite file: what is accepted is stored and charted, what is not is counted. */
class IngestPipelineTest {
    private static final DeviceId PI = DeviceId.of("pi-0001");
    private static final long NOW = 1_764_000_000_000L;

    @TempDir
    Path dir;
    private final PayloadCodec codec = new PayloadCodec();
    private final FleetRegistry registry = new FleetRegistry();
    private final LiveFeedHub feed = new LiveFeedHub();
    private SqliteReadingStore store;
    private IngestPipeline ingest;

    @BeforeEach
    void open() {
        store = SqliteReadingStore.open(HistorySettings.defaults(dir));
        ingest = new IngestPipeline(codec, registry, store, feed, Clock.fixed(Instant.ofEpochMilli(NOW),
                ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static DeviceInfo info() {
        return new DeviceInfo("Raspberry Pi 4 Model B Rev 1.4", "", "bench-pi", "1.0.0", Slot.A,
                List.of(new SensorDescriptor("soc", "temperature", "°C", "SoC temperature", 1000)), List.of(), 1);
    }

    private void send(String topic, Object value) {
        ingest.accept(topic, codec.encode(value));
    }

    private void sendRaw(String topic, String json) {
        ingest.accept(topic, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void storesChartsAndShowsAcceptedTelemetry() throws Exception {
        List<Reading> charted = new ArrayList<>();
        feed.subscribe(PI, (device, readings) -> charted.addAll(readings));
        send(Topics.info(PI), info());
        send(Topics.status(PI), new DeviceStatus(Presence.ONLINE, NOW));
        send(Topics.telemetry(PI), new TelemetryBatch(0, List.of(new Reading("soc", NOW - 1000, 47.5),
                new Reading("soc", NOW, 48.0))));
        store.flush();

        DeviceSnapshot snapshot = registry.device(PI).orElseThrow();
        assertThat(snapshot.presence()).isEqualTo(PresenceState.ONLINE);
        assertThat(snapshot.lastReading()).contains(new Reading("soc", NOW, 48.0));
        assertThat(charted).hasSize(2);
        assertThat(store.history(PI, "soc", NOW - 10_000, NOW, 100)).extracting(Reading::value)
                .containsExactly(47.5, 48.0);
        assertThat(store.devices()).singleElement().satisfies(d -> assertThat(d.info()).isEqualTo(info()));
    }

    @Test
    void aBatchReSentAfterAReconnectIsChartedAndCountedOnce() throws Exception {
        List<Reading> charted = new ArrayList<>();
        feed.subscribe(PI, (device, readings) -> charted.addAll(readings));
        send(Topics.info(PI), info());
        TelemetryBatch batch = new TelemetryBatch(5, List.of(new Reading("soc", NOW - 1000, 47.5),
                new Reading("soc", NOW, 48.0)));
        send(Topics.telemetry(PI), batch);
        send(Topics.telemetry(PI), new TelemetryBatch(6, List.of(new Reading("soc", NOW + 1000, 48.5))));
        send(Topics.telemetry(PI), batch);
        store.flush();

        assertThat(charted).extracting(Reading::value).containsExactly(47.5, 48.0, 48.5);
        assertThat(registry.device(PI).orElseThrow().readings()).isEqualTo(3);
        assertThat(ingest.acceptedReadings()).isEqualTo(3);
        assertThat(ingest.repeatedBatches()).isEqualTo(1);
        assertThat(store.committedReadings()).isEqualTo(3);
    }

    @Test
    void aSequenceNumberUsedAgainWithOtherReadingsIsNewData() throws Exception {
        // A restarted daemon counts from 0 again; so may a hand-made mosquitto_pub.
        send(Topics.info(PI), info());
        send(Topics.telemetry(PI), new TelemetryBatch(0, List.of(new Reading("soc", NOW - 1000, 47.5))));
        send(Topics.telemetry(PI), new TelemetryBatch(0, List.of(new Reading("soc", NOW, 48.0))));
        store.flush();

        assertThat(registry.device(PI).orElseThrow().readings()).isEqualTo(2);
        assertThat(ingest.repeatedBatches()).isZero();
        assertThat(store.committedReadings()).isEqualTo(2);
    }

    @Test
    void repeatsAreRecognisedPerDevice() throws Exception {
        DeviceId other = DeviceId.of("pi-0002");
        send(Topics.info(PI), info());
        send(Topics.info(other), info());
        TelemetryBatch same = new TelemetryBatch(3, List.of(new Reading("soc", NOW, 40.0)));
        send(Topics.telemetry(PI), same);
        send(Topics.telemetry(other), same);

        assertThat(registry.device(PI).orElseThrow().readings()).isEqualTo(1);
        assertThat(registry.device(other).orElseThrow().readings()).isEqualTo(1);
        assertThat(ingest.repeatedBatches()).isZero();
    }

    @Test
    void refusesHostilePayloadsWholeAndCountsThemAgainstTheDevice() throws Exception {
        send(Topics.info(PI), info());
        sendRaw(Topics.telemetry(PI), "{\"v\":1,\"seq\":0,\"readings\":[{\"sensor\":\"soc\",\"ts\":1,\"value\":2},"
                + "{\"sensor\":\"soc\",\"ts\":2,\"value\":\"hot\"}]}");
        sendRaw(Topics.telemetry(PI), "{\"v\":1,\"seq\":1,\"readings\":[{\"sensor\":\"soc\",\"ts\":1,\"value\":NaN}]}");
        ingest.accept(Topics.telemetry(PI), new byte[10 * 1024 * 1024]);
        sendRaw(Topics.status(PI), "{\"v\":7,\"state\":\"ONLINE\",\"ts\":1}");
        store.flush();

        DeviceSnapshot snapshot = registry.device(PI).orElseThrow();
        assertThat(snapshot.rejected()).isEqualTo(4);
        assertThat(snapshot.lastRejection()).hasValueSatisfying(r -> assertThat(r).contains("unknown version"));
        assertThat(snapshot.readings()).isZero();
        assertThat(store.committedReadings()).as("no garbage is stored, not even the good half").isZero();
    }

    @Test
    void dropsReadingsOfUnannouncedSensorsButKeepsTheRest() throws Exception {
        send(Topics.info(PI), info());
        send(Topics.telemetry(PI), new TelemetryBatch(0, List.of(new Reading("soc", NOW, 40),
                new Reading("ghost", NOW, 1), new Reading("ghost", NOW + 1, 2))));
        store.flush();

        DeviceSnapshot snapshot = registry.device(PI).orElseThrow();
        assertThat(snapshot.readings()).isEqualTo(1);
        assertThat(snapshot.rejected()).isEqualTo(2);
        assertThat(snapshot.lastRejection()).hasValueSatisfying(r -> assertThat(r).contains("\"ghost\""));
        assertThat(store.committedReadings()).isEqualTo(1);
    }

    @Test
    void dropsReadingsStampedFarAheadOfTheConsolesClockButKeepsTheRest() throws Exception {
        List<Reading> charted = new ArrayList<>();
        feed.subscribe(PI, (device, readings) -> charted.addAll(readings));
        send(Topics.info(PI), info());
        long tooFar = NOW + IngestPipeline.MAX_CLOCK_AHEAD_MS + 1;
        send(Topics.telemetry(PI), new TelemetryBatch(0, List.of(new Reading("soc", NOW, 40),
                new Reading("soc", tooFar, 41), new Reading("soc", NOW + IngestPipeline.MAX_CLOCK_AHEAD_MS, 42),
                new Reading("soc", 4_102_444_800_000L, 43))));
        store.flush();

        DeviceSnapshot snapshot = registry.device(PI).orElseThrow();
        assertThat(charted).extracting(Reading::value).containsExactly(40.0, 42.0);
        assertThat(snapshot.readings()).isEqualTo(2);
        assertThat(snapshot.rejected()).isEqualTo(2);
        assertThat(snapshot.lastRejection()).hasValueSatisfying(r -> assertThat(r)
                .contains("2 reading(s)").contains("ahead of the console's clock"));
        assertThat(store.committedReadings()).isEqualTo(2);
    }

    @Test
    void countsTopicInjectionWithoutCreatingADevice() {
        sendRaw("fleetdeck/v1/evil+id/telemetry", "{}");
        sendRaw("fleetdeck/v1/a#b/info", "{}");

        assertThat(registry.devices()).isEmpty();
        assertThat(registry.totals().unattributed()).isEqualTo(2);
    }

    @Test
    void keepsTheLatestInstallReportOfADevice() {
        send(Topics.install(PI), new io.fleetdeck.model.InstallProgress("job-1", "1.5.0",
                io.fleetdeck.model.InstallState.WRITING, 512, 1024, "", NOW));
        assertThat(registry.device(PI).orElseThrow().install()).hasValueSatisfying(p -> {
            assertThat(p.state()).isEqualTo(io.fleetdeck.model.InstallState.WRITING);
            assertThat(p.bytes()).isEqualTo(512);
        });
    }

    @Test
    void ignoresRetainedClearsAndForeignTopics() {
        ingest.accept(Topics.info(PI), new byte[0]);
        sendRaw("somebody/else/topic", "whatever");
        assertThat(registry.devices()).isEmpty();
        assertThat(registry.totals().rejected()).isZero();
    }
}
