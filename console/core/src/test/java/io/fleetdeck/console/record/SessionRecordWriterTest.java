package io.fleetdeck.console.record;

import io.fleetdeck.console.audit.AuditAction;
import io.fleetdeck.console.audit.AuditEntry;
import io.fleetdeck.console.audit.AuditOutcome;
import io.fleetdeck.console.audit.SqliteAuditLog;
import io.fleetdeck.console.export.ExportCancelledException;
import io.fleetdeck.console.export.ExportWriteException;
import io.fleetdeck.console.firmware.FirmwareImage;
import io.fleetdeck.console.firmware.OperatorKey;
import io.fleetdeck.console.firmware.SqliteFirmwareLibrary;
import io.fleetdeck.console.history.HistorySettings;
import io.fleetdeck.console.history.SqliteReadingStore;
import io.fleetdeck.console.rollout.RolloutJob;
import io.fleetdeck.console.rollout.SqliteJobStore;
import io.fleetdeck.console.rollout.StoredJob;
import io.fleetdeck.console.storage.FleetDatabase;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.DeviceInfo;
import io.fleetdeck.model.InstallState;
import io.fleetdeck.model.ManifestSignatures;
import io.fleetdeck.model.PayloadCodec;
import io.fleetdeck.model.Reading;
import io.fleetdeck.model.SensorDescriptor;
import io.fleetdeck.model.Slot;
import io.fleetdeck.testkit.images.TestImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A session record written from real stores (history, fleet.db, firmware.db with imported images and jobs) in a temp
 * directory, then opened as a zip and every entry read: CSV rows, SHA-256 values, the summary, decodable PNGs.
 */
class SessionRecordWriterTest {
    private static final DeviceId PI1 = DeviceId.of("pi-1");
    private static final DeviceId PI2 = DeviceId.of("pi-2");
    private static final long FROM = Instant.parse("2026-12-03T09:00:00Z").toEpochMilli();
    private static final long TO = Instant.parse("2026-12-03T10:00:00Z").toEpochMilli();
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @TempDir
    Path data;
    @TempDir
    Path downloads;
    @TempDir
    Path out;

    private final MovableClock clock = new MovableClock(Instant.ofEpochMilli(FROM - 3_600_000));
    private SqliteReadingStore history;
    private FleetDatabase fleet;
    private SqliteFirmwareLibrary library;
    private SqliteJobStore jobs;
    private FirmwareImage before;
    private FirmwareImage during;
    private FirmwareImage unrelated;
    private final byte[] rawBefore = TestImages.raw(120_000, 1);
    private final byte[] rawDuring = TestImages.raw(90_000, 2);

    @BeforeEach
    void fillStores() throws Exception {
        history = SqliteReadingStore.open(HistorySettings.defaults(data));
        fleet = FleetDatabase.open(data, clock);
        library = SqliteFirmwareLibrary.open(data, OperatorKey.loadOrCreate(data),
                new ManifestSignatures(new PayloadCodec()), clock);
        jobs = SqliteJobStore.open(data);

        // Imported an hour before the session, installed during it.
        before = library.importImage(TestImages.xz(downloads.resolve("fleetdeck-2.0.0.img.xz"), rawBefore));
        clock.set(FROM - 7_200_000);
        unrelated = library.importImage(TestImages.gzip(downloads.resolve("fleetdeck-0.9.0.img.gz"),
                TestImages.raw(50_000, 3)));
        clock.set(FROM + 60_000);
        during = library.importImage(TestImages.write(downloads.resolve("fleetdeck-2.1.0.img"), rawDuring));

        audit("alice", FROM - 1, AuditAction.ADOPT, "pi-9", "before the session", AuditOutcome.SUCCEEDED);
        audit("alice", FROM, AuditAction.IMPORT, "fleetdeck-2.1.0.img", "2.1.0", AuditOutcome.SUCCEEDED);
        audit("bob", FROM + 120_000, AuditAction.ROLLOUT_START, "pi-1, pi-2", "2.0.0 | on \"both\"",
                AuditOutcome.SUCCEEDED);
        audit("bob", TO, AuditAction.CANCEL, "job-x", "it was rebooting", AuditOutcome.FAILED);
        audit("carol", TO + 1, AuditAction.TAG_CHANGE, "pi-1", "after the session", AuditOutcome.SUCCEEDED);

        jobs.save(job("job-a", PI1, before, InstallState.COMMITTED, "", FROM + 120_000, FROM + 600_000), "");
        jobs.save(job("job-b", PI2, before, InstallState.ROLLED_BACK, "HEALTH_CHECK_FAILED: no cpu_temp",
                FROM + 120_000, FROM + 900_000), "");
        jobs.save(job("job-c", PI2, during, InstallState.FAILED, "HASH_MISMATCH: expected 1, got 2",
                FROM + 1_000_000, FROM + 1_100_000), "");
        jobs.save(job("job-old", PI1, unrelated, InstallState.COMMITTED, "", FROM - 900_000, FROM - 600_000), "");

        history.recordDevice(PI1, info("cpu_temp", "humidity"), FROM);
        history.recordDevice(PI2, info("cpu_temp", "voltage"), FROM);
        List<Reading> pi1Temp = new ArrayList<>();
        pi1Temp.add(new Reading("cpu_temp", FROM - 1_000, 99.0));
        for (int i = 0; i < 3_600; i++) {
            pi1Temp.add(new Reading("cpu_temp", FROM + i * 1_000L, 40 + (i % 60) / 10.0));
        }
        pi1Temp.add(new Reading("cpu_temp", TO + 1_000, -99.0));
        history.append(PI1, pi1Temp);
        history.append(PI1, List.of(new Reading("humidity", FROM + 5_000, 55.5),
                new Reading("humidity", TO, 56.25)));
        history.append(PI2, List.of(new Reading("cpu_temp", FROM + 10, 61.0),
                new Reading("cpu_temp", FROM + 20_000, 63.0)));
        // Only outside the session: not in a record of all sensors.
        history.append(PI2, List.of(new Reading("voltage", TO + 5_000, 5.1)));
        history.flush();
        clock.set(TO + 60_000);
    }

    @AfterEach
    void closeStores() {
        history.close();
        jobs.close();
        library.close();
        fleet.close();
    }

    @Test
    void writesEveryPartOfTheSessionAndNothingOutsideIt() throws Exception {
        Path target = out.resolve("session.zip");
        List<SessionRecordProgress> progress = Collections.synchronizedList(new ArrayList<>());

        SessionRecordResult result = writer().write(new SessionRecordRequest(FROM, TO, List.of()), target,
                progress::add, () -> false);

        assertThat(result.file()).isEqualTo(target.toAbsolutePath());
        assertThat(result.actions()).isEqualTo(3);
        assertThat(result.images()).isEqualTo(2);
        assertThat(result.installs()).isEqualTo(3);
        assertThat(result.sensors()).isEqualTo(3);
        assertThat(result.readings()).isEqualTo(3_600 + 2 + 2);
        assertThat(progress.getLast().done()).isEqualTo(progress.getLast().total()).isEqualTo(4 + 3);
        assertThat(files(out)).containsExactly("session.zip");

        try (ZipFile zip = new ZipFile(target.toFile())) {
            assertThat(zip.stream().map(ZipEntry::getName).toList()).containsExactly("audit.csv", "firmware.csv",
                    "installs.csv", "telemetry/pi-1/cpu_temp.csv", "charts/pi-1-cpu_temp.png",
                    "telemetry/pi-1/humidity.csv", "charts/pi-1-humidity.png", "telemetry/pi-2/cpu_temp.csv",
                    "charts/pi-2-cpu_temp.png", "summary.md");
            assertThat(result.entries()).isEqualTo(zip.stream().map(ZipEntry::getName).toList());

            assertThat(lines(zip, "audit.csv")).containsExactly(
                    "id,time_utc,user,action,target,detail,outcome",
                    "2,2026-12-03T09:00:00Z,alice,IMPORT,fleetdeck-2.1.0.img,2.1.0,SUCCEEDED",
                    "3,2026-12-03T09:02:00Z,bob,ROLLOUT_START,\"pi-1, pi-2\",\"2.0.0 | on \"\"both\"\"\",SUCCEEDED",
                    "4,2026-12-03T10:00:00Z,bob,CANCEL,job-x,it was rebooting,FAILED");

            assertThat(lines(zip, "firmware.csv")).containsExactly(
                    "image_id,name,version,models,format,stored_bytes,raw_bytes,sha256,imported_utc",
                    before.id() + ",fleetdeck-2.0.0.img.xz,2.0.0,,IMG_XZ," + before.compressedSize() + ",120000,"
                            + TestImages.sha256(rawBefore) + ",2026-12-03T08:00:00Z",
                    during.id() + ",fleetdeck-2.1.0.img,2.1.0,,IMG,90000,90000," + TestImages.sha256(rawDuring)
                            + ",2026-12-03T09:01:00Z");

            assertThat(lines(zip, "installs.csv")).containsExactly(
                    "job_id,device,image_id,image_name,version,image_sha256,state,reason,bytes,total_bytes,"
                            + "started_utc,last_change_utc",
                    "job-a,pi-1," + before.id() + ",fleetdeck-2.0.0.img.xz,2.0.0," + TestImages.sha256(rawBefore)
                            + ",COMMITTED,,1000,1000,2026-12-03T09:02:00Z,2026-12-03T09:10:00Z",
                    "job-b,pi-2," + before.id() + ",fleetdeck-2.0.0.img.xz,2.0.0," + TestImages.sha256(rawBefore)
                            + ",ROLLED_BACK,HEALTH_CHECK_FAILED: no cpu_temp,1000,1000,2026-12-03T09:02:00Z,"
                            + "2026-12-03T09:15:00Z",
                    "job-c,pi-2," + during.id() + ",fleetdeck-2.1.0.img,2.1.0," + TestImages.sha256(rawDuring)
                            + ",FAILED,\"HASH_MISMATCH: expected 1, got 2\",1000,1000,2026-12-03T09:16:40Z,"
                            + "2026-12-03T09:18:20Z");

            List<String> temperature = lines(zip, "telemetry/pi-1/cpu_temp.csv");
            assertThat(temperature.getFirst()).isEqualTo("device,sensor,ts_ms,time_utc,value");
            assertThat(temperature).hasSize(3_601);
            assertThat(temperature.get(1)).isEqualTo("pi-1,cpu_temp," + FROM + ",2026-12-03T09:00:00.000Z,40.0");
            assertThat(temperature.getLast()).isEqualTo("pi-1,cpu_temp," + (FROM + 3_599_000)
                    + ",2026-12-03T09:59:59.000Z,45.9");
            assertThat(lines(zip, "telemetry/pi-1/humidity.csv")).containsExactly(
                    "device,sensor,ts_ms,time_utc,value",
                    "pi-1,humidity," + (FROM + 5_000) + ",2026-12-03T09:00:05.000Z,55.5",
                    "pi-1,humidity," + TO + ",2026-12-03T10:00:00.000Z,56.25");
            assertThat(lines(zip, "telemetry/pi-2/cpu_temp.csv")).containsExactly(
                    "device,sensor,ts_ms,time_utc,value",
                    "pi-2,cpu_temp," + (FROM + 10) + ",2026-12-03T09:00:00.010Z,61.0",
                    "pi-2,cpu_temp," + (FROM + 20_000) + ",2026-12-03T09:00:20.000Z,63.0");

            for (String chart : List.of("charts/pi-1-cpu_temp.png", "charts/pi-1-humidity.png",
                    "charts/pi-2-cpu_temp.png")) {
                byte[] png = zip.getInputStream(zip.getEntry(chart)).readAllBytes();
                assertThat(Arrays.copyOf(png, 8)).as(chart).isEqualTo(PNG_SIGNATURE);
                BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
                assertThat(image).as(chart).isNotNull();
                assertThat(image.getWidth()).isEqualTo(ChartPng.WIDTH);
                assertThat(image.getHeight()).isEqualTo(ChartPng.HEIGHT);
                assertThat(linePixels(image)).as(chart + ": pixels of the line").isGreaterThan(0);
            }

            String summary = text(zip, "summary.md");
            assertThat(summary).contains("- **From:** 2026-12-03T09:00:00Z", "- **To:** 2026-12-03T10:00:00Z",
                    "- **Operators:** alice, bob", "- **Exported by:** dana at 2026-12-03T10:01:00Z",
                    "3 actions, 2 firmware images, 3 installs on 2 devices, 3 sensors with 3,604 readings");
            assertThat(summary).contains("| 2026-12-03T09:02:00Z | bob | ROLLOUT_START | pi-1, pi-2 | "
                    + "2.0.0 \\| on \"both\" | SUCCEEDED |");
            assertThat(summary).contains("| fleetdeck-2.0.0.img.xz | 2.0.0 | 120000 | `"
                    + TestImages.sha256(rawBefore) + "` |", "| fleetdeck-2.1.0.img | 2.1.0 | 90000 | `"
                    + TestImages.sha256(rawDuring) + "` |");
            assertThat(summary).doesNotContain("fleetdeck-0.9.0", "carol", "before the session", "job-old");
            assertThat(summary).contains("### pi-1\n\n1 install: 1 COMMITTED",
                    "### pi-2\n\n2 installs: 1 FAILED, 1 ROLLED_BACK",
                    "| ROLLED_BACK | HEALTH_CHECK_FAILED: no cpu_temp |");
            assertThat(summary).contains(
                    "| pi-1 | cpu_temp label | °C | 3600 | 40 | 42.95 | 45.9 | [telemetry/pi-1/cpu_temp.csv]",
                    "| pi-1 | humidity label | °C | 2 | 55.5 | 55.875 | 56.25 |",
                    "| pi-2 | cpu_temp label | °C | 2 | 61 | 62 | 63 |",
                    "![pi-1 cpu_temp](charts/pi-1-cpu_temp.png)", "![pi-2 cpu_temp](charts/pi-2-cpu_temp.png)");
        }

        AuditEntry exported = auditLog("dana").entries(Optional.empty()).getLast();
        assertThat(exported.action()).isEqualTo(AuditAction.SESSION_RECORD);
        assertThat(exported.outcome()).isEqualTo(AuditOutcome.SUCCEEDED);
        assertThat(exported.target()).isEqualTo(target.toAbsolutePath().toString());
        assertThat(exported.detail()).isEqualTo("2026-12-03T09:00:00Z to 2026-12-03T10:00:00Z: 3 actions, 2 images, "
                + "3 installs, 3 sensors, 3604 readings");
    }

    @Test
    void takesOnlyTheChosenSensorsAndChartsOneWithoutReadingsAsEmpty() throws Exception {
        Path target = out.resolve("chosen.zip");

        SessionRecordResult result = writer().write(new SessionRecordRequest(FROM, TO,
                        List.of(new SensorRef(PI2, "voltage"), new SensorRef(PI1, "humidity"))), target,
                SessionRecordListener.NONE, () -> false);

        assertThat(result.sensors()).isEqualTo(2);
        assertThat(result.readings()).isEqualTo(2);
        try (ZipFile zip = new ZipFile(target.toFile())) {
            assertThat(zip.stream().map(ZipEntry::getName).filter(name -> name.contains("/")).toList())
                    .containsExactly("telemetry/pi-2/voltage.csv", "charts/pi-2-voltage.png",
                            "telemetry/pi-1/humidity.csv", "charts/pi-1-humidity.png");
            assertThat(lines(zip, "telemetry/pi-2/voltage.csv")).containsExactly("device,sensor,ts_ms,time_utc,value");
            BufferedImage empty = ImageIO.read(zip.getInputStream(zip.getEntry("charts/pi-2-voltage.png")));
            assertThat(empty.getWidth()).isEqualTo(ChartPng.WIDTH);
            assertThat(linePixels(empty)).isZero();
            assertThat(text(zip, "summary.md")).contains("| pi-2 | voltage label | °C | 0 | – | – | – |");
        }
    }

    @Test
    void aCancelLeavesNoFileAndTheOldOneUnchangedAndIsAudited() throws Exception {
        Path target = out.resolve("session.zip");
        Files.writeString(target, "an older record");
        AtomicInteger sensorsStarted = new AtomicInteger();

        assertThatThrownBy(() -> writer().write(new SessionRecordRequest(FROM, TO, List.of()), target,
                progress -> {
                    if (progress.step().startsWith("telemetry")) {
                        sensorsStarted.incrementAndGet();
                    }
                }, () -> sensorsStarted.get() > 0))
                .isInstanceOf(ExportCancelledException.class);

        assertThat(files(out)).containsExactly("session.zip");
        assertThat(Files.readString(target)).isEqualTo("an older record");
        AuditEntry entry = auditLog("dana").entries(Optional.empty()).getLast();
        assertThat(entry.action()).isEqualTo(AuditAction.SESSION_RECORD);
        assertThat(entry.outcome()).isEqualTo(AuditOutcome.FAILED);
        assertThat(entry.detail()).contains("cancelled");
    }

    @Test
    void aMissingDirectoryIsRefusedWithItsNameAndLeavesNothing() throws Exception {
        Path target = out.resolve("no-such-dir").resolve("session.zip");

        assertThatThrownBy(() -> writer().write(new SessionRecordRequest(FROM, TO, List.of()), target,
                SessionRecordListener.NONE, () -> false))
                .isInstanceOf(ExportWriteException.class)
                .hasMessageContaining(target.toAbsolutePath().toString())
                .hasMessageContaining("NoSuchFileException");

        assertThat(files(out)).isEmpty();
        AuditEntry entry = auditLog("dana").entries(Optional.empty()).getLast();
        assertThat(entry.outcome()).isEqualTo(AuditOutcome.FAILED);
        assertThat(entry.target()).isEqualTo(target.toAbsolutePath().toString());
    }

    private SessionRecordWriter writer() {
        SqliteAuditLog audit = auditLog("dana");
        return new SessionRecordWriter(new SessionSources(audit, library::images,
                () -> jobs.recent(100).stream().map(StoredJob::job).toList(), history), clock, "dana");
    }

    private SqliteAuditLog auditLog(String user) {
        return new SqliteAuditLog(fleet, clock, user);
    }

    private void audit(String user, long atMs, AuditAction action, String target, String detail,
                       AuditOutcome outcome) {
        clock.set(atMs);
        auditLog(user).record(action, target, detail, outcome);
    }

    private static RolloutJob job(String id, DeviceId device, FirmwareImage image, InstallState state, String reason,
                                  long createdMs, long updatedMs) {
        return new RolloutJob(id, device, image.id(), image.name(), image.version().orElseThrow(), state, 1000, 1000,
                0, OptionalLong.empty(), reason, createdMs, updatedMs);
    }

    private static DeviceInfo info(String... sensors) {
        List<SensorDescriptor> descriptors = new ArrayList<>();
        for (String sensor : sensors) {
            descriptors.add(new SensorDescriptor(sensor, "temperature", "°C", sensor + " label", 1000));
        }
        return new DeviceInfo("Raspberry Pi 4 Model B Rev 1.4", "10000000abcdef", "pi-1", "1.2.0", Slot.A,
                descriptors, List.of("ota"), FROM - 60_000);
    }

    private static List<String> lines(ZipFile zip, String name) throws IOException {
        return text(zip, name).lines().toList();
    }

    private static String text(ZipFile zip, String name) throws IOException {
        ZipEntry entry = zip.getEntry(name);
        assertThat(entry).as(name).isNotNull();
        return new String(zip.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
    }

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> listed = Files.list(dir)) {
            return listed.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }

    /** Pixels in the line's blue, which nothing else on a chart is drawn in. */
    private static int linePixels(BufferedImage image) {
        int count = 0;
        for (int x = 0; x < image.getWidth(); x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                int r = rgb >> 16;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                if (b > 120 && b > r + 60 && b > g + 20) {
                    count++;
                }
            }
        }
        return count;
    }

    /** A clock the test moves: audit entries, imports and the export happen at chosen times. */
    private static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void set(long epochMs) {
            now = Instant.ofEpochMilli(epochMs);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
