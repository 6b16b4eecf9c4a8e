package io.fleetdeck.console.look;

import javafx.animation.PauseTransition;
import javafx.util.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Saves the {@link UiState} a while after the last change (a dragged divider fires hundreds of changes) and on close.
 * The state is captured on the FX thread, which is cheap; the file is written on a thread of its own.
 */
public final class UiStateKeeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UiStateKeeper.class);
    /** How long after the last change the file is written: after a drag ends, not during it. */
    public static final Duration QUIET = Duration.millis(600);
    /** Longest the window's close waits for the last write. */
    private static final long CLOSE_WAIT_MS = 2_000;

    private final UiStateFile file;
    private final Supplier<UiState> capture;
    private final PauseTransition quiet = new PauseTransition(QUIET);
    private final ExecutorService writer = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "ui-state-writer");
        thread.setDaemon(true);
        return thread;
    });
    private boolean closed;

    /** @param capture reads the window's state now; called on the FX thread */
    public UiStateKeeper(UiStateFile file, Supplier<UiState> capture) {
        this.file = file;
        this.capture = capture;
        quiet.setOnFinished(event -> saveNow());
    }

    /** Something the state holds changed: save once things are quiet. FX thread. */
    public void changed() {
        if (!closed) {
            quiet.playFromStart();
        }
    }

    /** Captures the state now and writes it in the background; completes when it is on disk. FX thread. */
    public CompletableFuture<Void> saveNow() {
        quiet.stop();
        UiState state = capture.get();
        return CompletableFuture.runAsync(() -> file.save(state), writer).whenComplete((ok, failure) -> {
            if (failure != null) {
                LOG.warn("Could not save the window state: {}", failure.getMessage());
            }
        });
    }

    /** Writes the state one last time and waits (briefly) until it is on disk: the JVM may exit right after. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        saveNow();
        closed = true;
        writer.shutdown();
        try {
            if (!writer.awaitTermination(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS)) {
                LOG.warn("The window state was not saved within {} ms of closing", CLOSE_WAIT_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
