package io.fleetdeck.console.record;

import io.fleetdeck.console.audit.AuditEntry;
import io.fleetdeck.console.firmware.FirmwareImage;
import io.fleetdeck.console.rollout.RolloutJob;
import io.fleetdeck.model.InstallState;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import static io.fleetdeck.console.record.RecordText.cell;
import static io.fleetdeck.console.record.RecordText.number;
import static io.fleetdeck.console.record.RecordText.utc;

/**
 * {@code summary.md} of a session record: what a person reads first. Tables of the actions, images (with SHA-256) and
 * installs per device, and per sensor its figures and chart; the CSV files beside it hold the details.
 */
final class RecordSummary {
    private RecordSummary() {
    }

    static String markdown(SessionRecordRequest request, SessionContent content, List<SensorSummary> sensors,
                           String exportedBy, long exportedAtMs) {
        StringBuilder md = new StringBuilder(8192);
        md.append("# Fleetdeck session record\n\n");
        md.append("- **From:** ").append(utc(request.fromMs())).append('\n');
        md.append("- **To:** ").append(utc(request.toMs())).append('\n');
        List<String> operators = content.operators();
        md.append("- **Operators:** ").append(operators.isEmpty() ? "none recorded an action"
                : cell(String.join(", ", operators))).append('\n');
        md.append("- **Exported by:** ").append(cell(exportedBy)).append(" at ").append(utc(exportedAtMs))
                .append('\n');
        long readings = sensors.stream().mapToLong(SensorSummary::count).sum();
        md.append(String.format(Locale.ROOT, "- **Contents:** %d actions, %d firmware images, %d installs on %d "
                        + "devices, %d sensors with %,d readings", content.actions().size(),
                content.images().size(), content.installs().size(), content.installsByDevice().size(), sensors.size(),
                readings)).append("\n\n");
        actions(md, content.actions());
        images(md, content.images());
        installs(md, content);
        telemetry(md, sensors);
        return md.toString();
    }

    private static void actions(StringBuilder md, List<AuditEntry> actions) {
        md.append("## Operator actions\n\n");
        if (actions.isEmpty()) {
            md.append("No operator actions in this session.\n\n");
            return;
        }
        md.append("| Time (UTC) | Operator | Action | Target | Detail | Outcome |\n");
        md.append("| --- | --- | --- | --- | --- | --- |\n");
        for (AuditEntry entry : actions) {
            md.append("| ").append(utc(entry.at())).append(" | ").append(cell(entry.user())).append(" | ")
                    .append(entry.action().name()).append(" | ").append(cell(entry.target())).append(" | ")
                    .append(cell(entry.detail())).append(" | ").append(entry.outcome().name()).append(" |\n");
        }
        md.append("\nAll columns: `audit.csv`.\n\n");
    }

    private static void images(StringBuilder md, List<FirmwareImage> images) {
        md.append("## Firmware images\n\n");
        if (images.isEmpty()) {
            md.append("No firmware image was imported or installed in this session.\n\n");
            return;
        }
        md.append("| Image | Version | Raw bytes | SHA-256 |\n");
        md.append("| --- | --- | ---: | --- |\n");
        for (FirmwareImage image : images) {
            md.append("| ").append(cell(image.name())).append(" | ").append(cell(image.version().orElse("–")))
                    .append(" | ").append(image.rawSize()).append(" | `").append(image.rawSha256()).append("` |\n");
        }
        md.append("\nAll columns: `firmware.csv`.\n\n");
    }

    private static void installs(StringBuilder md, SessionContent content) {
        md.append("## Install outcomes\n\n");
        Map<String, List<RolloutJob>> byDevice = content.installsByDevice();
        if (byDevice.isEmpty()) {
            md.append("No installs in this session.\n\n");
            return;
        }
        for (Map.Entry<String, List<RolloutJob>> device : byDevice.entrySet()) {
            md.append("### ").append(cell(device.getKey())).append("\n\n");
            md.append(outcomes(device.getValue())).append("\n\n");
            md.append("| Started (UTC) | Last change (UTC) | Image | Version | Outcome | Reason |\n");
            md.append("| --- | --- | --- | --- | --- | --- |\n");
            for (RolloutJob job : device.getValue()) {
                md.append("| ").append(utc(job.createdMs())).append(" | ").append(utc(job.updatedMs())).append(" | ")
                        .append(cell(job.imageName())).append(" | ").append(cell(job.version())).append(" | ")
                        .append(job.state().name()).append(" | ").append(cell(job.reason().isEmpty() ? "–"
                                : job.reason())).append(" |\n");
            }
            md.append('\n');
        }
        md.append("All columns, with each image's SHA-256: `installs.csv`.\n\n");
    }

    /** "2 installs: 1 COMMITTED, 1 ROLLED_BACK". */
    static String outcomes(List<RolloutJob> jobs) {
        Map<InstallState, Long> counts = new EnumMap<>(InstallState.class);
        jobs.forEach(job -> counts.merge(job.state(), 1L, Long::sum));
        return jobs.size() + (jobs.size() == 1 ? " install: " : " installs: ") + counts.entrySet().stream()
                .map(count -> count.getValue() + " " + count.getKey().name()).collect(Collectors.joining(", "));
    }

    private static void telemetry(StringBuilder md, List<SensorSummary> sensors) {
        md.append("## Telemetry\n\n");
        if (sensors.isEmpty()) {
            md.append("No sensors chosen.\n");
            return;
        }
        md.append("| Device | Sensor | Unit | Readings | Min | Mean | Max | Readings file |\n");
        md.append("| --- | --- | --- | ---: | ---: | ---: | ---: | --- |\n");
        for (SensorSummary sensor : sensors) {
            md.append("| ").append(cell(sensor.sensor().device().value())).append(" | ").append(cell(sensor.label()))
                    .append(" | ").append(cell(sensor.unit())).append(" | ").append(sensor.count()).append(" | ")
                    .append(number(sensor.min())).append(" | ").append(number(sensor.mean())).append(" | ")
                    .append(number(sensor.max())).append(" | [").append(sensor.csv()).append("](")
                    .append(sensor.csv()).append(") |\n");
        }
        md.append('\n');
        for (SensorSummary sensor : sensors) {
            md.append("### ").append(cell(sensor.sensor().device().value())).append(" · ").append(cell(sensor.label()))
                    .append("\n\n![").append(cell(sensor.sensor().device().value())).append(' ')
                    .append(cell(sensor.sensor().sensor())).append("](").append(sensor.chart()).append(")\n\n");
        }
    }
}
