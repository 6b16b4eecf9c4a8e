package io.fleetdeck.console.record;

import io.fleetdeck.console.firmware.FirmwareImage;
import io.fleetdeck.console.rollout.RolloutJob;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

import static io.fleetdeck.console.export.CsvFields.text;
import static io.fleetdeck.console.record.RecordText.utc;

/** {@code firmware.csv} and {@code installs.csv} of a session record: a header line, LF line ends, RFC 4180 fields. */
final class RecordTables {
    static final String FIRMWARE_HEADER =
            "image_id,name,version,models,format,stored_bytes,raw_bytes,sha256,imported_utc";
    static final String INSTALLS_HEADER =
            "job_id,device,image_id,image_name,version,image_sha256,state,reason,bytes,total_bytes,started_utc,"
                    + "last_change_utc";

    private RecordTables() {
    }

    static void firmware(List<FirmwareImage> images, Writer out) throws IOException {
        out.write(FIRMWARE_HEADER + "\n");
        for (FirmwareImage image : images) {
            out.write(String.join(",", Long.toString(image.id()), text(image.name()), text(image.version().orElse("")),
                    text(String.join(" ", image.models())), image.format().name(),
                    Long.toString(image.compressedSize()), Long.toString(image.rawSize()), image.rawSha256(), utc(image.importedAt())) + "\n");
        }
    }

    static void installs(SessionContent content, Writer out) throws IOException {
        out.write(INSTALLS_HEADER + "\n");
        for (RolloutJob job : content.installs()) {
            String sha = content.image(job.imageId()).map(FirmwareImage::rawSha256).orElse("");
            out.write(String.join(",", text(job.id()), text(job.device().value()), Long.toString(job.imageId()),
                    text(job.imageName()), text(job.version()), sha, job.state().name(), text(job.reason()),
                    Long.toString(job.bytes()), Long.toString(job.totalBytes()), utc(job.createdMs()),
                    utc(job.updatedMs())) + "\n");
        }
    }
}
