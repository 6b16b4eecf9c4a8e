package io.fleetdeck.console.record;

/** Hears how far a session record is, on the writing thread; must be quick (a UI hands it to its own thread). */
@FunctionalInterface
public interface SessionRecordListener {
    SessionRecordListener NONE = progress -> {
    };

    void onProgress(SessionRecordProgress progress);
}
