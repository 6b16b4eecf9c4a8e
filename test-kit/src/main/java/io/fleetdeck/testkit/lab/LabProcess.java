package io.fleetdeck.testkit.lab;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetdeck.testkit.JsonLines;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A process started inside a lab host ({@code ip netns exec NS …}, which execs the command itself, so signals reach
 * it directly). Stdout goes to a file and to line listeners; stderr to a file. Probes print JSON lines on stdout,
 * which {@link #awaitJson} picks out from among log lines.
 */
public final class LabProcess implements AutoCloseable {
    private final String label;
    private final Process process;
    private final Path stdoutFile;
    private final Path stderrFile;
    private final List<String> lines = new ArrayList<>();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private final long startedNanos;

    private LabProcess(String label, Process process, Path stdoutFile, Path stderrFile, long startedNanos) {
        this.label = label;
        this.process = process;
        this.stdoutFile = stdoutFile;
        this.stderrFile = stderrFile;
        this.startedNanos = startedNanos;
    }

    public static LabProcess start(String label, List<String> command, Path stdoutFile, Path stderrFile) {
        try {
            long started = System.nanoTime();
            Process process = new ProcessBuilder(command).redirectError(stderrFile.toFile()).start();
            process.getOutputStream().close();
            LabProcess lab = new LabProcess(label, process, stdoutFile, stderrFile, started);
            Thread.ofPlatform().daemon().name("lab-out-" + label).start(lab::pumpStdout);
            return lab;
        } catch (IOException e) {
            throw new LabSetupException("could not start " + label + ": " + command, e);
        }
    }

    /** Calls {@code listener} with every stdout line so far and every later one, in order. */
    public LabProcess onLine(Consumer<String> listener) {
        synchronized (lines) {
            lines.forEach(listener);
            listeners.add(listener);
        }
        return this;
    }

    /** Waits for a stdout line matching {@code condition} (including lines already printed) and returns it. */
    public String awaitLine(String what, Duration deadline, Predicate<String> condition) {
        return awaitLineFrom(0, what, deadline, condition);
    }

    /** Like {@link #awaitLine} but ignores the first {@code skip} lines, for waiting on a later event. */
    public String awaitLineFrom(int skip, String what, Duration deadline, Predicate<String> condition) {
        long end = System.nanoTime() + deadline.toNanos();
        int next = skip;
        synchronized (lines) {
            while (true) {
                for (; next < lines.size(); next++) {
                    if (condition.test(lines.get(next))) {
                        return lines.get(next);
                    }
                }
                long left = end - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("timed out after " + deadline.toSeconds() + " s waiting for " + what
                            + " from " + label + (process.isAlive() ? "" : " (exited " + process.exitValue() + ")")
                            + "\n--- stdout tail:\n" + tail(lines, 20) + "\n--- stderr tail:\n" + stderrTail());
                }
                try {
                    lines.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted waiting for " + what, e);
                }
            }
        }
    }

    /** Waits for a JSON stdout line matching {@code condition}. */
    public JsonNode awaitJson(String what, Duration deadline, Predicate<JsonNode> condition) {
        return awaitJsonFrom(0, what, deadline, condition);
    }

    public JsonNode awaitJsonFrom(int skip, String what, Duration deadline, Predicate<JsonNode> condition) {
        String line = awaitLineFrom(skip, what, deadline,
                l -> JsonLines.parse(l).filter(condition).isPresent());
        return JsonLines.parse(line).orElseThrow();
    }

    /** How many stdout lines have arrived; pass it to {@code awaitLineFrom} to wait only for later ones. */
    public int lineCount() {
        synchronized (lines) {
            return lines.size();
        }
    }

    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    public List<JsonNode> jsonLines() {
        return lines().stream().map(JsonLines::parse).flatMap(Optional::stream).toList();
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** {@link System#nanoTime()} just before the process was started, for measuring start-up. */
    public long startedNanos() {
        return startedNanos;
    }

    /** SIGKILL to the process and anything it started: a crash or power cut, no clean-up runs. */
    public void kill9() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** SIGTERM: the process may shut down cleanly (fleetdeckd publishes {@code offline}). */
    public void terminate() {
        process.destroy();
    }

    /** Waits for the exit and returns its code; throws when it does not exit in time. */
    public int waitFor(Duration deadline) {
        try {
            if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(label + " still running after " + deadline.toSeconds() + " s");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + label + " to exit", e);
        }
    }

    public String label() {
        return label;
    }

    public Path stdoutFile() {
        return stdoutFile;
    }

    public Path stderrFile() {
        return stderrFile;
    }

    public String stderrTail() {
        try {
            return tail(Files.readAllLines(stderrFile), 20);
        } catch (IOException e) {
            return "(no stderr: " + e.getMessage() + ")";
        }
    }

    /** Kills the process if it still runs and waits briefly for it to go. */
    @Override
    public void close() {
        if (process.isAlive()) {
            kill9();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return label + " (pid " + process.pid() + ")";
    }

    private void pumpStdout() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             BufferedWriter file = Files.newBufferedWriter(stdoutFile)) {
            String line;
            while ((line = in.readLine()) != null) {
                file.write(line);
                file.newLine();
                file.flush();
                synchronized (lines) {
                    lines.add(line);
                    for (Consumer<String> listener : listeners) {
                        listener.accept(line);
                    }
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            if (process.isAlive()) {
                throw new UncheckedIOException("reading stdout of " + label, e);
            }
        }
    }

    private static String tail(List<String> all, int count) {
        return String.join("\n", all.subList(Math.max(0, all.size() - count), all.size()));
    }
}
