package io.fleetdeck.console.export;

import io.fleetdeck.model.DeviceId;

import java.util.List;
import java.util.Objects;

/**
 * What to export: readings with {@code fromMs <= ts <= toMs} (both ends inclusive) of the given devices and sensors.
 *
 * @param devices the devices, in this order; empty for every device that sent a description
 * @param sensors sensor ids to take from each device; empty for all of each device's sensors
 */
public record ExportRequest(List<DeviceId> devices, List<String> sensors, long fromMs, long toMs,
                            ExportFormat format) {
    public ExportRequest {
        devices = List.copyOf(devices);
        sensors = List.copyOf(sensors);
        Objects.requireNonNull(format, "format");
        if (fromMs > toMs) {
            throw new IllegalArgumentException("the export range ends (" + toMs + ") before it starts (" + fromMs
                    + ")");
        }
    }

    /** One sensor of one device over a range: what a chart's menu exports. */
    public static ExportRequest of(DeviceId device, String sensor, long fromMs, long toMs, ExportFormat format) {
        return new ExportRequest(List.of(device), List.of(sensor), fromMs, toMs, format);
    }
}
