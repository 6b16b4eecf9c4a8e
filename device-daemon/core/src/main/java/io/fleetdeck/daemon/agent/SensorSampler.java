package io.fleetdeck.daemon.agent;

import io.fleetdeck.daemon.sensors.Sensor;
import io.fleetdeck.daemon.sensors.SensorReadException;
import io.fleetdeck.daemon.telemetry.EventSink;
import io.fleetdeck.model.DeviceEvent;
import io.fleetdeck.model.EventLevel;
import io.fleetdeck.model.Reading;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Samples each sensor on its own virtual thread at its own period, so a slow or failing sensor (a DS18B20 takes
 * ~750 ms, a dead bus times out) never delays the others. A failure is logged and reported as one {@code sensor-error}
 * event per failure streak, not once per period.
 */
public final class SensorSampler implements AutoCloseable {
    public static final String SENSOR_ERROR = "sensor-error";
    private static final Logger log = LoggerFactory.getLogger(SensorSampler.class);

    private final String deviceName;
    private final List<Sensor> sensors;
    private final Consumer<Reading> readings;
    private final EventSink events;
    private final LongSupplier clock;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;
    private final Map<String, Long> lastStamp = new ConcurrentHashMap<>();

    public SensorSampler(String deviceName, List<Sensor> sensors, Consumer<Reading> readings, EventSink events,
                         LongSupplier clock) {
        this.deviceName = Objects.requireNonNull(deviceName, "deviceName");
        this.sensors = List.copyOf(sensors);
        this.readings = Objects.requireNonNull(readings, "readings");
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        for (Sensor sensor : sensors) {
            threads.add(Thread.ofVirtual()
                    .name("sample-" + deviceName + "-" + sensor.descriptor().id())
                    .start(() -> sampleLoop(sensor)));
        }
    }

    private void sampleLoop(Sensor sensor) {
        long periodNanos = TimeUnit.MILLISECONDS.toNanos(sensor.descriptor().periodMs());
        long next = System.nanoTime();
        boolean failing = false;
        while (running) {
            try {
                failing = sampleOnce(sensor, failing);
                next += periodNanos;
                long now = System.nanoTime();
                if (next < now) {
                    // Overran (slow hardware, GC): skip the missed ticks instead of bursting to catch up.
                    next = now + periodNanos - Math.floorMod(now - next, periodNanos);
                }
                TimeUnit.NANOSECONDS.sleep(next - now);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * The reading's timestamp, later than the sensor's previous one: the console keeps one reading per sensor and
     * millisecond, so a late tick stamped in the same millisecond as the one before would be lost there. A clock
     * stepped back by more than a second (NTP) is taken as it is rather than pushing every stamp ahead of it.
     */
    private long stamp(String sensor) {
        long now = clock.getAsLong();
        return lastStamp.merge(sensor, now, (last, current) -> current > last || last - current > 1_000 ? current
                : last + 1);
    }

    /** Returns whether the sensor is now in a failure streak. */
    boolean sampleOnce(Sensor sensor, boolean failing) {
        String id = sensor.descriptor().id();
        String problem;
        try {
            double value = sensor.read();
            readings.accept(new Reading(id, stamp(id), value));
            if (failing) {
                log.info("{}: sensor {} recovered", deviceName, id);
            }
            return false;
        } catch (SensorReadException e) {
            problem = e.getMessage();
        } catch (RuntimeException e) {
            // A driver bug or a non-finite value must not end the loop: treat it like a read failure.
            problem = id + ": " + e;
        }
        if (!failing) {
            log.warn("{}: sensor {} failed, reporting once until it recovers: {}", deviceName, id, problem);
            events.publish(new DeviceEvent(clock.getAsLong(), EventLevel.WARN, SENSOR_ERROR, truncate(problem)));
        }
        return true;
    }

    private static String truncate(String text) {
        return text.length() <= 1024 ? text : text.substring(0, 1020) + "…";
    }

    public List<Sensor> sensors() {
        return sensors;
    }

    /** Stops sampling, waits for the loops to end and closes the sensors. */
    @Override
    public synchronized void close() {
        running = false;
        threads.forEach(Thread::interrupt);
        for (Thread thread : threads) {
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        threads.clear();
        for (Sensor sensor : sensors) {
            try {
                sensor.close();
            } catch (RuntimeException e) {
                log.warn("{}: closing sensor {} failed: {}", deviceName, sensor.descriptor().id(), e.toString());
            }
        }
    }
}
