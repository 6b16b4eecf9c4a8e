package io.fleetdeck.console.ingest;

import io.fleetdeck.model.DeviceId;
import io.fleetdeck.model.TelemetryBatch;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Recognises a telemetry batch that a device sent again: after a reconnect it re-sends the batches that were in flight
 * with their original {@code seq} (at-least-once), and the broker may also redeliver. Counting those twice would
 * double the live chart's points and the registry's reading count; the history already ignores repeated readings.
 *
 * <p>A batch is a repeat only if both its {@code seq} and its readings match one seen recently from the same device.
 * {@code seq} alone is not enough: it starts again from 0 when the daemon restarts, and a hand-made
 * {@code mosquitto_pub} may reuse it. The re-sent batches are the last few in flight, so a window of recent numbers
 * per device suffices.
 */
final class ResentBatches {
    /** Far more than a device's in-flight window; a re-send is always among its most recent batches. */
    static final int WINDOW = 1024;

    private final Map<DeviceId, Window> devices = new ConcurrentHashMap<>();

    /** Whether this batch was seen before; remembers it if not. */
    boolean isRepeat(DeviceId device, TelemetryBatch batch) {
        return devices.computeIfAbsent(device, d -> new Window()).isRepeat(batch.seq(), batch.readings().hashCode());
    }

    /** A device's last {@link #WINDOW} batches, by {@code seq} modulo the window. */
    private static final class Window {
        private final long[] seqs = new long[WINDOW];
        private final int[] fingerprints = new int[WINDOW];

        Window() {
            Arrays.fill(seqs, -1);
        }

        synchronized boolean isRepeat(long seq, int fingerprint) {
            int slot = (int) (seq % WINDOW);
            if (seqs[slot] == seq && fingerprints[slot] == fingerprint) {
                return true;
            }
            seqs[slot] = seq;
            fingerprints[slot] = fingerprint;
            return false;
        }
    }
}
