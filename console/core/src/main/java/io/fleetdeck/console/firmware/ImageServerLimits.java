package io.fleetdeck.console.firmware;

import com.sun.management.UnixOperatingSystemMXBean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * What a LAN peer may hold of the image server without a finished request (issue #9, limits: slowloris). The JDK's
 * HTTP server has these limits, but only as JVM-wide system properties read once, when the first
 * {@code HttpServer} of the JVM is created; by default it waits forever for a request's headers and takes any number
 * of connections. {@link #apply()} sets them before that first server, which in the console is always the
 * {@link ImageServer} (the console starts no other). A property already given on the command line wins, so an
 * operator can still tune one with {@code -D}.
 *
 * <p>The JDK's HTTPS server is the same implementation and reads the same properties, so the limits should carry over
 * to it (the TLS handshake happens while the request is being read); that is not tested yet.
 *
 * @param maxConnections  connections at once, idle or not; one more is closed as soon as it is accepted (0: none)
 * @param requestTimeout  how long a new connection may send nothing, and how long the request line and headers may
 *                        take once the first byte arrived; the socket is then closed (whole seconds; 0: none)
 * @param idleTimeout     how long a kept-alive connection may wait for its next request (whole seconds)
 * @param maxHeaders      header lines per request (a device's JDK client sends under ten)
 * @param maxHeaderBytes  bytes of request line and headers
 */
public record ImageServerLimits(int maxConnections, Duration requestTimeout, Duration idleTimeout, int maxHeaders,
                                int maxHeaderBytes) {
    private static final Logger log = LoggerFactory.getLogger(ImageServerLimits.class);
    /** Connections the image server may take at most, however many file descriptors the process may open. */
    static final int CONNECTION_CEILING = 8_192;
    /** How often the JDK's server looks for idle connections (its default, 10 s, would double the idle timeout). */
    private static final long CLOCK_TICK_MS = 1_000;
    private static final Object LOCK = new Object();
    private static ImageServerLimits applied;

    public ImageServerLimits {
        if (maxConnections < 0 || maxHeaders < 1 || maxHeaderBytes < 1 || requestTimeout.isNegative()
                || idleTimeout.isNegative()) {
            throw new IllegalArgumentException("image server limits out of range: " + maxConnections + ", "
                    + requestTimeout + ", " + idleTimeout + ", " + maxHeaders + ", " + maxHeaderBytes);
        }
    }

    /** Whether every limit is on: a {@code -D} given on the command line can turn the cap or the timeout off. */
    public boolean protective() {
        return maxConnections > 0 && !requestTimeout.isZero() && !idleTimeout.isZero();
    }

    /**
     * Half the process's file descriptors, at most {@value #CONNECTION_CEILING}: the broker, SQLite and the image
     * files need the other half, so a flood of sockets cannot starve ingest. 10 s for a request's headers and for an
     * idle socket (a device sends its request at once); at most 32 headers in 16 KiB. No limit on the time a response
     * takes: an image over slow Wi-Fi takes many minutes, and only a device holding the job's token gets a body.
     */
    public static ImageServerLimits defaults() {
        return new ImageServerLimits(connectionsFor(openFileLimit()), Duration.ofSeconds(10), Duration.ofSeconds(10),
                32, 16 * 1024);
    }

    public ImageServerLimits withMaxConnections(int value) {
        return new ImageServerLimits(value, requestTimeout, idleTimeout, maxHeaders, maxHeaderBytes);
    }

    static int connectionsFor(long openFileLimit) {
        return (int) Math.max(16, Math.min(CONNECTION_CEILING, openFileLimit / 2));
    }

    /**
     * Sets the JDK server's properties from these limits, once per JVM; later calls only return what the first one
     * set. Must run before the JVM's first {@code HttpServer} is created, or the JDK ignores it.
     *
     * @return the limits in force: these, or the first call's, with any property given on the command line
     */
    public ImageServerLimits apply() {
        synchronized (LOCK) {
            if (applied == null) {
                int connections = (int) setUnlessGiven("jdk.httpserver.maxConnections", maxConnections);
                long request = setUnlessGiven("sun.net.httpserver.maxReqTime", requestTimeout.toSeconds());
                long idle = setUnlessGiven("sun.net.httpserver.idleInterval", idleTimeout.toSeconds());
                setUnlessGiven("sun.net.httpserver.clockTick", CLOCK_TICK_MS);
                int headers = (int) setUnlessGiven("sun.net.httpserver.maxReqHeaders", maxHeaders);
                int headerBytes = (int) setUnlessGiven("sun.net.httpserver.maxReqHeaderSize", maxHeaderBytes);
                applied = new ImageServerLimits(Math.max(0, connections), Duration.ofSeconds(Math.max(0, request)),
                        Duration.ofSeconds(Math.max(0, idle)), Math.max(1, headers), Math.max(1, headerBytes));
                if (!applied.protective()) {
                    log.warn("Image server limits turned off on the command line: slowloris sockets are kept");
                }
                log.info("Image server limits: {} connections, {} s for a request's headers, {} s idle, {} headers"
                        + " in {} bytes", connections, request, idle, headers, headerBytes);
            }
            return applied;
        }
    }

    private static long setUnlessGiven(String property, long value) {
        String given = System.getProperty(property);
        if (given != null) {
            try {
                return Long.parseLong(given.strip());
            } catch (NumberFormatException e) {
                log.warn("Ignoring -D{}={}: not a number; using {}", property, given, value);
            }
        }
        System.setProperty(property, Long.toString(value));
        return value;
    }

    private static long openFileLimit() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix
                ? unix.getMaxFileDescriptorCount() : CONNECTION_CEILING * 2L;
    }
}
