package io.fleetdeck.daemon.ota;

import io.fleetdeck.daemon.FleetdeckDaemon;
import io.fleetdeck.testkit.JavaCommand;
import io.fleetdeck.testkit.lab.LabProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntSupplier;

/**
 * Runs {@code fleetdeckd run} as a child JVM the way {@code assets/fleetdeckd.service} has systemd run it: restarted at
 * once after exit 75 (the daemon's own "reboot"), after a short pause after any other failure or a signal, never after
 * 78 (bad config) or a clean stop. {@link #kill9} is the power cut.
 */
final class DaemonSupervisor implements AutoCloseable {
    /** systemd's {@code RestartSec}, shortened: the wait after a crash is not what the tests are about. */
    private static final Duration RESTART_PAUSE = Duration.ofMillis(300);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private final Path config;
    private final Path logs;
    /** Where the console-side recorder stands when a process starts: later messages come from that process. */
    private final IntSupplier messageMark;
    private final Map<Integer, Integer> exits = new TreeMap<>();
    private final List<String> labels = new ArrayList<>();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private LabProcess current;
    private int currentMark;
    private int starts;
    private boolean closed;

    DaemonSupervisor(Path config, Path logs, IntSupplier messageMark) {
        this.config = config;
        this.logs = logs;
        this.messageMark = messageMark;
    }

    synchronized DaemonSupervisor start() {
        launch();
        return this;
    }

    private void launch() {
        List<String> command = JavaCommand.jvm();
        // The unit file's heap and collector; C1 only, since each child lives for seconds.
        command.addAll(List.of("-Xmx96m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), FleetdeckDaemon.class.getName(), "run",
                "--config", config.toString(), "--mdns-interface", "lo"));
        int n = ++starts;
        currentMark = messageMark.getAsInt();
        LabProcess process = LabProcess.start("fleetdeckd-" + n, command, logs.resolve("daemon-" + n + ".out"),
                logs.resolve("daemon-" + n + ".err"));
        current = process;
        labels.add(process.label());
        event("start " + process.label() + " pid " + process.pid());
        process.onLine(line -> listeners.forEach(l -> l.accept(line)));
        Thread.ofPlatform().daemon().name("systemd-" + n).start(() -> watch(process));
    }

    private void watch(LabProcess process) {
        int code = process.waitFor(Duration.ofDays(1));
        boolean again;
        event("exit " + process.label() + " code " + code);
        synchronized (this) {
            exits.merge(code, 1, Integer::sum);
            again = !closed && current == process && code != FleetdeckDaemon.EXIT_CONFIG && code != 0 && code != 143;
            if (again && code == ProcessRestart.EXIT_RESTART) {
                launch();
                return;
            }
        }
        if (again) {
            try {
                Thread.sleep(RESTART_PAUSE.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            synchronized (this) {
                if (!closed && current == process) {
                    launch();
                }
            }
        }
    }

    /**
     * SIGKILL to the running daemon, if one runs; {@code whileDown} is given the victim (null when none ran) and runs
     * after it is gone and before the restart, so it sees the state the victim left, untouched by its successor.
     */
    <T> T kill9(Function<LabProcess, T> whileDown) {
        // Held while the victim dies and is inspected, so no restart (its own exit 75 included) comes in between.
        synchronized (this) {
            LabProcess victim = current;
            boolean alive = victim != null && victim.isAlive();
            if (alive) {
                victim.kill9();
                victim.waitFor(Duration.ofSeconds(30));
            }
            return whileDown.apply(alive ? victim : null);
        }
    }

    /**
     * Calls {@code listener} with every later stdout line of every daemon it starts, and with its own events as lines
     * {@code "supervisor: start fleetdeckd-N ..."} and {@code "supervisor: exit fleetdeckd-N code C"}. It runs on
     * reader threads, sometimes holding this supervisor's lock: it must return at once.
     */
    void onLine(Consumer<String> listener) {
        listeners.add(listener);
    }

    /** One line in {@code supervisor.log}, timestamped like the daemon's log lines, for timing starts and exits. */
    private void event(String what) {
        String line = LocalTime.now().format(CLOCK)
                + " " + what + "\n";
        try {
            Files.writeString(logs.resolve("supervisor.log"), line, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        listeners.forEach(l -> l.accept("supervisor: " + what));
    }

    /** The process running now, if any, and the recorder's mark at its start. */
    synchronized Running running() {
        return new Running(current != null && current.isAlive() ? current : null, currentMark, starts);
    }

    record Running(LabProcess process, int messageMark, int starts) {
        boolean alive() {
            return process != null;
        }
    }

    synchronized int starts() {
        return starts;
    }

    synchronized Map<Integer, Integer> exits() {
        return new TreeMap<>(exits);
    }

    /** The last lines the current (or last) daemon wrote, for a failure message. */
    synchronized String tail() {
        if (current == null) {
            return "(no daemon started)";
        }
        try {
            List<String> lines = Files.readAllLines(current.stdoutFile());
            return current.label() + " (" + current.stdoutFile() + "):\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return current.label() + ": no log (" + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        LabProcess last;
        synchronized (this) {
            closed = true;
            last = current;
        }
        if (last != null) {
            last.close();
        }
    }
}
