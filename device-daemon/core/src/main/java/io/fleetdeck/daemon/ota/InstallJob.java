package io.fleetdeck.daemon.ota;

import io.fleetdeck.common.files.DurableFiles;
import io.fleetdeck.model.CommandRequest;
import io.fleetdeck.model.InstallCommand;
import io.fleetdeck.model.InstallProgress;
import io.fleetdeck.model.InstallState;
import io.fleetdeck.model.MalformedPayloadException;
import io.fleetdeck.model.PayloadCodec;
import io.fleetdeck.model.Slot;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * The install a device is doing or last did, kept in {@code <stateDir>/ota-job.properties} (mode 0600: it holds the
 * image server's token) so a restarted daemon resumes it, checks the trial it rebooted into, or reports how it ended.
 * Written before the device answers {@code cmd/install} and at every state change; once the job is final the command
 * (and its token) is dropped and only the outcome stays.
 *
 * @param command the install command while the job runs; empty once it is final
 */
public record InstallJob(String job, String version, Slot target, InstallState state, long bytes, long totalBytes,
                         String reason, Optional<InstallCommand> command) {
    public static final String FILE = "ota-job.properties";
    private static final Set<PosixFilePermission> OWNER_ONLY = Set.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);

    public InstallJob {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
        command = state.isFinal() ? Optional.empty() : Objects.requireNonNull(command, "command");
        if (command.isEmpty() && !state.isFinal()) {
            throw new IllegalArgumentException("an unfinished job needs its command");
        }
    }

    /** A job just accepted. */
    public static InstallJob queued(InstallCommand command, Slot target) {
        return new InstallJob(command.job(), command.manifest().manifest().version(), target, InstallState.QUEUED, 0,
                command.imageSize(), "", Optional.of(command));
    }

    public InstallJob moveTo(InstallState next, long receivedBytes, String why) {
        long clamped = totalBytes > 0 ? Math.min(receivedBytes, totalBytes) : receivedBytes;
        // The wire report holds 1024 characters of reason; the code at its start is what matters most.
        String reason = why.length() <= 1024 ? why : why.substring(0, 1023) + "…";
        return new InstallJob(job, version, target, next, Math.max(0, clamped), totalBytes, reason, command);
    }

    public InstallJob moveTo(InstallState next) {
        return moveTo(next, bytes, "");
    }

    public InstallProgress progress(long ts) {
        return new InstallProgress(job, version, state, bytes, totalBytes, reason, ts);
    }

    public void save(Path stateDir, PayloadCodec codec) throws IOException {
        Properties p = new Properties();
        p.setProperty("job", job);
        p.setProperty("version", version);
        p.setProperty("slot", target.name());
        p.setProperty("state", state.name());
        p.setProperty("bytes", Long.toString(bytes));
        p.setProperty("totalBytes", Long.toString(totalBytes));
        p.setProperty("reason", reason);
        command.ifPresent(c -> c.toRequest(codec).args().forEach((key, value) -> p.setProperty("arg." + key, value)));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        p.store(bytes, "fleetdeckd install job; holds the image server token while the job runs");
        DurableFiles.writeAtomically(stateDir.resolve(FILE), bytes.toString(StandardCharsets.ISO_8859_1), OWNER_ONLY);
    }

    /**
     * The job last saved, if any.
     *
     * @throws IOException when the file exists but cannot be read or makes no sense (the message says which)
     */
    public static Optional<InstallJob> load(Path stateDir, PayloadCodec codec) throws IOException {
        Path file = stateDir.resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        }
        try {
            InstallState state = InstallState.valueOf(required(p, "state"));
            Map<String, String> args = new HashMap<>();
            for (String name : p.stringPropertyNames()) {
                if (name.startsWith("arg.")) {
                    args.put(name.substring(4), p.getProperty(name));
                }
            }
            Optional<InstallCommand> command = args.isEmpty() ? Optional.empty()
                    : Optional.of(InstallCommand.from(new CommandRequest(args), codec));
            return Optional.of(new InstallJob(required(p, "job"), required(p, "version"),
                    Slot.valueOf(required(p, "slot")), state, Long.parseLong(required(p, "bytes")),
                    Long.parseLong(required(p, "totalBytes")), p.getProperty("reason", ""), command));
        } catch (MalformedPayloadException | IllegalArgumentException e) {
            throw new IOException("unreadable install job " + file + ": " + e.getMessage(), e);
        }
    }

    private static String required(Properties p, String key) {
        String value = p.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException("no " + key);
        }
        return value;
    }
}
