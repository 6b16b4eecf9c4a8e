package io.fleetdeck.daemon.tryboot;

import io.fleetdeck.daemon.ota.FirmwareUpdater;
import io.fleetdeck.daemon.ota.Rebooter;
import io.fleetdeck.daemon.ota.SlotStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Asks the system to reboot, the Pi way: {@code reboot "0 tryboot"} sets the bootloader's one-shot tryboot flag
 * (partition 0 = whatever {@code autoboot.txt} picks; the argument must be one word with its space), a plain
 * {@code reboot} returns to the committed slot. Under systemd the command only queues the reboot and returns.
 */
public final class TrybootRebooter implements Rebooter {
    private static final Logger log = LoggerFactory.getLogger(TrybootRebooter.class);
    static final String TRYBOOT_ARGUMENT = "0 tryboot";

    /** Runs a command to its end; the seam that tests and other init systems replace. */
    @FunctionalInterface
    public interface Runner {
        /** @return the exit code and what the command printed */
        Result run(List<String> command, Duration timeout) throws IOException, InterruptedException;

        record Result(int exitCode, String output) {
        }
    }

    private final Runner runner;
    private final Duration timeout;

    public TrybootRebooter(Runner runner, Duration timeout) {
        this.runner = runner;
        this.timeout = timeout;
    }

    /** The real thing: {@code reboot} found on the daemon's PATH (systemd's includes /usr/sbin). */
    public static TrybootRebooter system() {
        return new TrybootRebooter(processRunner(System.getenv("PATH")), Duration.ofSeconds(30));
    }

    /** {@link #rebootToTrial} or {@link #rebootNormally}, for the {@link FirmwareUpdater}. */
    @Override
    public void reboot(boolean trial, String why) throws IOException {
        log.warn("rebooting to {}: {}", trial ? "try the marked slot once" : "the committed slot", why);
        try {
            if (trial) {
                rebootToTrial();
            } else {
                rebootNormally();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while running reboot");
        }
    }

    /** Boots the slot marked by {@link SlotStore#markTrying} once; a crash or reset then boots the committed one. */
    public void rebootToTrial() throws IOException, InterruptedException {
        run(List.of("reboot", TRYBOOT_ARGUMENT));
    }

    /** Boots the committed slot, e.g. after a rollback while the abandoned trial still runs. */
    public void rebootNormally() throws IOException, InterruptedException {
        run(List.of("reboot"));
    }

    private void run(List<String> command) throws IOException, InterruptedException {
        log.warn("Rebooting: {}", command);
        Runner.Result result = runner.run(command, timeout);
        if (result.exitCode() != 0) {
            throw new TrybootRebootException(command, result.exitCode(), result.output().strip());
        }
    }

    /**
     * Starts the command as a process, resolving its name against {@code searchPath} ourselves: Java resolves it
     * against the JVM's own PATH, which a test could not redirect.
     */
    public static Runner processRunner(String searchPath) {
        return (command, timeout) -> {
            Path executable = resolve(command.getFirst(), searchPath).orElseThrow(() -> new TrybootRebootException(
                    command, -1, "not found on PATH " + searchPath));
            List<String> resolved = new ArrayList<>(command);
            resolved.set(0, executable.toString());
            // Output goes to a file, not a pipe: a chatty command that fills a pipe would outlast any timeout.
            Path output = Files.createTempFile("fleetdeck-reboot", ".out");
            try {
                Process process = new ProcessBuilder(resolved).redirectErrorStream(true)
                        .redirectOutput(output.toFile()).redirectInput(new File("/dev/null")).start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new TrybootRebootException(command, -1, "did not finish within " + timeout);
                }
                return new Runner.Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(output);
            }
        };
    }

    static Optional<Path> resolve(String name, String searchPath) {
        if (name.contains("/")) {
            return Optional.of(Path.of(name)).filter(Files::isExecutable);
        }
        if (searchPath == null) {
            return Optional.empty();
        }
        for (String dir : searchPath.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
