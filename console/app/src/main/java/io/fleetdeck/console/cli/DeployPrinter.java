package io.fleetdeck.console.cli;

import io.fleetdeck.console.rollout.RolloutJob;
import io.fleetdeck.console.rollout.RolloutPlan;
import io.fleetdeck.console.rollout.staged.StagedRolloutEvent;
import io.fleetdeck.model.DeviceId;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code fleetdeck deploy} shows: one line per phase per device on standard output, a summary line per device at
 * the end, and the reason it cannot run on standard error. Scripts parse these lines, so their text stays as it is.
 * Device lines are flushed at once, so a terminal or a CI log follows the rollout as it happens.
 */
final class DeployPrinter {
    private final PrintWriter out;
    private final PrintWriter err;
    /** The last line shown per job, so progress of an unchanged state is printed only now and then. */
    private final Map<String, RolloutJob> shown = new HashMap<>();

    DeployPrinter(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    /** A reason on standard error: why the deploy cannot run at all (exit code 2), or gave up before a summary. */
    void error(String reason) {
        err.println("deploy: " + reason);
    }

    void group(String name, List<DeviceId> members) {
        out.println("group " + name + ": " + members.size() + " device" + (members.size() == 1 ? "" : "s") + ": "
                + String.join(", ", members.stream().map(DeviceId::value).toList()));
        out.flush();
    }

    void trustsKey(DeviceId device, String fingerprint) {
        line(device, "TRUSTS-KEY", fingerprint);
    }

    void notAdopted(DeviceId device, String reason) {
        line(device, "NOT-ADOPTED", reason);
    }

    void release(RolloutPlan plan) {
        out.println("release " + plan.version() + " of " + plan.image().name() + ", signed by "
                + plan.release().key());
    }

    void preflightOk(DeviceId device, String message) {
        line(device, "PREFLIGHT-OK", message);
    }

    void refused(DeviceId device, String reason) {
        line(device, "REFUSED", reason);
    }

    /** A line for a job's change, unless it only moved a few bytes since the last line about it. */
    void jobChanged(RolloutJob change) {
        RolloutJob before = shown.get(change.id());
        if (worthALine(before, change)) {
            shown.put(change.id(), change);
            line(change.device(), change.state().name(), progress(change)
                    + (change.reason().isEmpty() ? "" : "  " + change.reason()));
        }
    }

    /** A staged rollout's step: a stage started, paused (and why), resumed, aborted, done. */
    void staged(StagedRolloutEvent event) {
        out.printf(Locale.ROOT, "%-24s %-13s %s%n", event.rolloutId(), event.kind().name().replace('_', '-'),
                event.detail());
        out.flush();
    }

    void timedOut(RolloutJob job, Duration timeout) {
        line(job.device(), "TIMED-OUT", "still " + job.state() + " after " + duration(timeout));
    }

    /** One line per device in the order given: committed, or failed with its reason. */
    void summary(List<DeviceId> targets, Map<DeviceId, String> failed) {
        for (DeviceId device : targets) {
            if (failed.containsKey(device)) {
                out.println("FAILED     " + device + ": " + failed.get(device));
            } else {
                out.println("COMMITTED  " + device);
            }
        }
        out.flush();
    }

    /** {@code 30m}, {@code 1h30m}, {@code 90s}: the way the options take it. */
    static String duration(Duration duration) {
        return duration.toString().substring(2).toLowerCase(Locale.ROOT);
    }

    /** A new state or reason always; bytes only every tenth of the file, so a download is a few lines. */
    private static boolean worthALine(RolloutJob before, RolloutJob now) {
        if (before == null || before.state() != now.state() || !before.reason().equals(now.reason())) {
            return true;
        }
        long step = Math.max(1, now.totalBytes() / 10);
        return now.bytes() / step != before.bytes() / step;
    }

    private void line(DeviceId device, String state, String detail) {
        out.printf(Locale.ROOT, "%-24s %-13s %s%n", device.value(), state, detail);
        out.flush();
    }

    private static String progress(RolloutJob job) {
        if (job.totalBytes() <= 0) {
            return mib(job.bytes());
        }
        return mib(job.bytes()) + " / " + mib(job.totalBytes());
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}
