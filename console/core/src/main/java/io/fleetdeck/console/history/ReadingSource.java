package io.fleetdeck.console.history;

import io.fleetdeck.model.DeviceId;

import java.util.List;
import java.util.OptionalLong;

/**
 * What an export reads: devices, their sensors and a streamed scan of one sensor. Both the console's live
 * {@link ReadingStore} and a {@link ReadOnlyHistory} opened by the CLI beside a running console give it. Calls block;
 * never call them on the JavaFX thread.
 */
public interface ReadingSource {

    /**
     * Streams every stored reading of one sensor with {@code fromMs <= ts <= toMs}, oldest first, without holding them
     * all in memory. A visitor may stop the scan by throwing an unchecked exception; it reaches the caller unchanged.
     *
     * @return the number of readings visited
     */
    long scan(DeviceId device, String sensor, long fromMs, long toMs, ReadingVisitor visitor);

    /** Ids of every sensor with stored readings of {@code device}, announced or not; sorted. */
    List<String> sensors(DeviceId device);

    /** Every device that sent a description, by id. */
    List<StoredDevice> devices();

    /**
     * Readings of {@code device} over all its sensors and all time, when the source can count them cheaply; an upper
     * bound for a progress bar, not an exact figure for a range.
     */
    default OptionalLong estimatedReadings(DeviceId device) {
        return OptionalLong.empty();
    }
}
