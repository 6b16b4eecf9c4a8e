package io.fleetdeck.daemon.ota;

import io.fleetdeck.model.CommandRequest;
import io.fleetdeck.model.CommandResponse;
import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.FirmwareManifest;
import io.fleetdeck.model.ImageFormat;
import io.fleetdeck.model.InstallCommand;
import io.fleetdeck.model.InstallFailure;
import io.fleetdeck.model.InstallState;
import io.fleetdeck.model.MalformedPayloadException;
import io.fleetdeck.model.MessageEnvelope;
import io.fleetdeck.model.MessageSignature;
import io.fleetdeck.model.MessageVerificationException;
import io.fleetdeck.model.ManifestSignatures;
import io.fleetdeck.model.ManifestVerificationException;
import io.fleetdeck.model.PayloadCodec;
import io.fleetdeck.model.Slot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Answers {@code cmd/preflight} and {@code cmd/install}: the checks in the order the protocol lists them — the
 * command's signature ({@link CommandGuard}: UNSIGNED, UNKNOWN_KEY, BAD_SIGNATURE, EXPIRED, REPLAYED), for an install
 * STALE, then BAD_REQUEST, BUSY, SAME_VERSION, the manifest's UNKNOWN_KEY and BAD_SIGNATURE, ROLLBACK, WRONG_MODEL,
 * TOO_LARGE, NO_SPACE — and for an install that passes them, the new job saved and reported QUEUED before the answer
 * goes out.
 */
final class InstallAdmission {
    /** Under the updater's name, as the daemon's log has always shown the whole update. */
    private static final Logger log = LoggerFactory.getLogger(FirmwareUpdater.class);

    private final DeviceId device;
    private final String model;
    private final RunningFirmware running;
    private final SlotStore slots;
    private final TrustedKeys keys;
    private final ManifestSignatures signatures;
    private final PayloadCodec codec;
    private final JobJournal journal;
    private final CommandGuard guard;
    private final InstallFreshness freshness;
    private final AntiRollback antiRollback;

    InstallAdmission(DeviceId device, String model, RunningFirmware running, SlotStore slots, TrustedKeys keys,
                     ManifestSignatures signatures, PayloadCodec codec, JobJournal journal, CommandGuard guard,
                     AntiRollback antiRollback) {
        this.device = device;
        this.model = model;
        this.running = running;
        this.slots = slots;
        this.keys = keys;
        this.signatures = signatures;
        this.codec = codec;
        this.journal = journal;
        this.guard = guard;
        this.freshness = new InstallFreshness(journal.directory());
        this.antiRollback = antiRollback;
    }

    /** An install's answer, and the job it accepted if it did; the caller starts that job. */
    record Admitted(CommandResponse answer, Optional<InstallJob> job) {
        static Admitted answer(CommandResponse answer) {
            return new Admitted(answer, Optional.empty());
        }
    }

    CommandResponse preflight(CommandRequest request, MessageEnvelope message) {
        Verdict verdict = journal.exclusively(() -> check(request, message, false));
        if (verdict.refusal != null) {
            return verdict.refusal;
        }
        return CommandResponse.ok(verdict.sameJob ? "job " + verdict.command.job() + " is already running"
                : "ready to install " + verdict.command.manifest().manifest().version() + " into slot "
                + verdict.slot, verdict.data());
    }

    Admitted install(CommandRequest request, MessageEnvelope message) {
        Admitted admitted = journal.exclusively(() -> admit(request, message));
        admitted.job().ifPresent(job -> {
            log.info("{}: job {}: QUEUED, {} into slot {} from {}", device, job.job(), job.version(), job.target(),
                    job.command().orElseThrow().image());
            journal.report(job);
        });
        return admitted;
    }

    /** The check and the acceptance as one step; the caller holds the journal's lock. */
    private Admitted admit(CommandRequest request, MessageEnvelope message) {
        Verdict verdict = check(request, message, true);
        if (verdict.refusal != null) {
            return Admitted.answer(verdict.refusal);
        }
        if (verdict.sameJob) {
            return Admitted.answer(CommandResponse.ok("job " + verdict.command.job() + " is already running",
                    verdict.data()));
        }
        InstallJob job = InstallJob.queued(verdict.command, verdict.slot);
        try {
            // Before the job: a copy of this command must be stale even if the daemon dies right after accepting it.
            freshness.record(verdict.signature.expiresMs());
            // Before answering: an accepted job survives a restart, which then resumes or reports it.
            journal.accept(job);
        } catch (IOException e) {
            log.warn("{}: cannot persist install job {}: {}", device, job.job(), e.getMessage(), e);
            return Admitted.answer(CommandResponse.refused(InstallFailure.SLOT_IO_FAILED, "cannot save the job in "
                    + journal.directory() + ": " + e.getMessage()));
        }
        return new Admitted(CommandResponse.ok("accepted", verdict.data()), Optional.of(job));
    }

    /** The checks of preflight and install; the caller holds the journal's lock. */
    private Verdict check(CommandRequest request, MessageEnvelope message, boolean install) {
        MessageSignature signature;
        try {
            signature = guard.check(message);
            if (install) {
                long last = freshness.lastAccepted();
                if (signature.expiresMs() <= last) {
                    return refusedCommand(message, InstallFailure.STALE, "fd-exp " + signature.expiresMs()
                            + " is not newer than that of the last accepted install (" + last + ")");
                }
            }
        } catch (MessageVerificationException e) {
            return refusedCommand(message, e.reason().asInstallFailure(), e.detail());
        } catch (IOException e) {
            return Verdict.refused(InstallFailure.SLOT_IO_FAILED, "cannot read the trusted keys or the last install: "
                    + e.getMessage());
        }
        InstallCommand command;
        try {
            command = InstallCommand.from(request, codec);
            ImageFormat.ofFileName(command.fileName());
        } catch (MalformedPayloadException | IllegalArgumentException e) {
            return Verdict.refused(InstallFailure.BAD_REQUEST, e.getMessage());
        }
        FirmwareManifest manifest = command.manifest().manifest();
        InstallJob current = journal.current();
        if (current != null && !current.state().isFinal()) {
            if (current.job().equals(command.job())) {
                return new Verdict(null, command, current.target(), 0, 0, true, current.state(), signature, -1);
            }
            return Verdict.refused(InstallFailure.BUSY, "busy with job " + current.job() + " (" + current.version()
                    + ", " + current.state() + ")");
        }
        if (running.version().equals(manifest.version())) {
            return Verdict.refused(InstallFailure.SAME_VERSION, "already running " + manifest.version() + " in slot "
                    + running.slot());
        }
        try {
            signatures.verify(command.manifest(), keys.all());
        } catch (ManifestVerificationException e) {
            return Verdict.refused(switch (e.reason()) {
                case UNKNOWN_KEY -> InstallFailure.UNKNOWN_KEY;
                case BAD_SIGNATURE -> InstallFailure.BAD_SIGNATURE;
            }, e.getMessage());
        } catch (IOException e) {
            return Verdict.refused(InstallFailure.SLOT_IO_FAILED, "cannot read the trusted keys: " + e.getMessage());
        }
        int level;
        try {
            level = antiRollback.level();
            if (manifest.securityVersion() < level) {
                if (!command.allowDowngrade()) {
                    return Verdict.refused(InstallFailure.ROLLBACK, manifest.version() + " has security version "
                            + manifest.securityVersion() + ", this device committed " + level
                            + "; only an install with allowDowngrade=true may go below it");
                }
                log.warn("{}: job {}: {} at security version {} is below the committed {}: downgrade allowed by the "
                        + "operator's signed command", device, command.job(), manifest.version(),
                        manifest.securityVersion(), level);
            }
        } catch (IOException e) {
            return Verdict.refused(InstallFailure.SLOT_IO_FAILED, "cannot read the security version: "
                    + e.getMessage());
        }
        if (!manifest.fits(model)) {
            return Verdict.refused(InstallFailure.WRONG_MODEL, "image is for " + manifest.models() + ", this board is '"
                    + model + "'");
        }
        try {
            Slot target;
            try {
                target = slots.inactive();
            } catch (IllegalStateException onTrial) {
                return Verdict.refused(InstallFailure.BUSY, onTrial.getMessage());
            }
            long capacity = slots.capacity(target);
            if (manifest.rawSize() > capacity) {
                return Verdict.refused(InstallFailure.TOO_LARGE, "image has " + manifest.rawSize()
                        + " raw bytes, slot " + target + " holds " + capacity);
            }
            long writable = slots.writableBytes(target);
            if (manifest.rawSize() > writable) {
                return Verdict.refused(InstallFailure.NO_SPACE, "image has " + manifest.rawSize() + " raw bytes, only "
                        + writable + " can be written to slot " + target);
            }
            return new Verdict(null, command, target, capacity, writable, false, null, signature, level);
        } catch (IOException e) {
            return Verdict.refused(InstallFailure.SLOT_IO_FAILED, "cannot inspect the slots: " + e.getMessage());
        }
    }

    /** A command that is not the operator's, or not now: logged, since it may be someone else on the broker. */
    private Verdict refusedCommand(MessageEnvelope message, InstallFailure failure, String detail) {
        log.warn("{}: refused {}: {}", device, message.topic(), failure.describe(detail));
        return Verdict.refused(failure, detail);
    }

    /** The outcome of the checks: a refusal, or the slot the image goes to and what the device can hold. */
    private record Verdict(CommandResponse refusal, InstallCommand command, Slot slot, long capacity, long writable,
                           boolean sameJob, InstallState state, MessageSignature signature, int level) {
        static Verdict refused(InstallFailure failure, String detail) {
            return new Verdict(CommandResponse.refused(failure, detail), null, null, 0, 0, false, null, null, -1);
        }

        Map<String, String> data() {
            Map<String, String> data = new LinkedHashMap<>();
            data.put("job", command.job());
            data.put("slot", slot.name());
            if (sameJob) {
                data.put("state", state.name());
            } else {
                data.put("capacity", Long.toString(capacity));
                data.put("free", Long.toString(writable));
                // What the console logs when the operator allowed a downgrade: from which level to which.
                data.put("securityVersion", Integer.toString(level));
            }
            return data;
        }
    }
}
