package io.fleetdeck.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A benchmark JVM (console probe or load generator) started with this JVM's class path. Its {@code @ key value}
 * stdout lines become the latest value per key; its stderr (logs) goes to a file in the run directory.
 */
final class ChildJvm implements AutoCloseable {
    private final String name;
    private final Process process;
    private final PrintWriter stdin;
    private final Map<String, String> results = new ConcurrentHashMap<>();

    private ChildJvm(String name, Process process) {
        this.name = name;
        this.process = process;
        this.stdin = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        Thread.ofPlatform().daemon().name("read-" + name).start(this::readResults);
    }

    /**
     * @param niceness  run at this nice level (0 for normal); load generators run lower so the consumer measured
     *                  gets the CPU it asks for and the generator only what is left over
     * @param jvmFlags  extra JVM options, e.g. a flight recording
     */
    static ChildJvm start(String name, Path runDir, int niceness, List<String> jvmFlags, Class<?> main,
                          List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        if (niceness != 0) {
            command.addAll(List.of("nice", "-n", Integer.toString(niceness)));
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"));
        command.addAll(jvmFlags);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(args);
        Process process = ChildProcesses.track(new ProcessBuilder(command)
                .redirectError(runDir.resolve(name + ".log").toFile())
                .start());
        return new ChildJvm(name, process);
    }

    private void readResults() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("@ ")) {
                    String[] parts = line.substring(2).split(" ", 2);
                    results.put(parts[0], parts.length > 1 ? parts[1] : "");
                }
            }
        } catch (IOException e) {
            // The child ended; what it printed so far stays readable.
        }
    }

    void send(String command) {
        stdin.println(command);
    }

    /** Waits for a result line; fails with the child's name when it exits or the time runs out first. */
    String await(String key, long timeoutMs) throws InterruptedException, TimeoutException {
        return await(key, timeoutMs, null);
    }

    /**
     * As {@link #await(String, long)}, and fails as soon as the child reports {@code failKey} (say, {@code error}),
     * with what it reported.
     */
    String await(String key, long timeoutMs, String failKey) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!results.containsKey(key)) {
            if (failKey != null && results.containsKey(failKey)) {
                throw new IllegalStateException(name + " reported " + failKey + " " + results.get(failKey)
                        + " while waiting for " + key + "; see " + name + ".log");
            }
            if (!process.isAlive()) {
                // The reader may still be catching up with the last lines.
                Thread.sleep(200);
                if (results.containsKey(key)) {
                    break;
                }
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " before reporting "
                        + key + "; see " + name + ".log");
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException(name + " did not report " + key + " within " + timeoutMs + " ms");
            }
            Thread.sleep(20);
        }
        return results.get(key);
    }

    /** Forgets a key, so the next {@link #await} waits for a fresh line. */
    void forget(String key) {
        results.remove(key);
    }

    String result(String key) {
        String value = results.get(key);
        if (value == null) {
            throw new IllegalStateException(name + " has not reported " + key);
        }
        return value;
    }

    double number(String key) {
        return Double.parseDouble(result(key).split(" ")[0]);
    }

    /** The {@code index}-th number of a multi-number line such as {@code @ acked MESSAGES READINGS}. */
    long longAt(String key, int index) {
        return Long.parseLong(result(key).split(" ")[index]);
    }

    /** Every key's latest value. */
    Map<String, String> snapshot() {
        return Map.copyOf(results);
    }

    long pid() {
        return process.pid();
    }

    boolean waitForExit(long timeoutMs) throws InterruptedException {
        return process.waitFor(timeoutMs, TimeUnit.MILLISECONDS);
    }

    /**
     * Kills the child with SIGKILL, as a crash, the OOM killer or a power cut would: no shutdown hook, no flush.
     * {@link Process#destroyForcibly()} sends SIGKILL on Linux; the exit status proves it (128 + 9 = 137; a JVM ending
     * on SIGTERM reports 143).
     *
     * @return the child's exit status
     */
    int kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " still runs 10 s after SIGKILL");
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        stdin.close();
        ChildProcesses.stop(process);
    }
}
