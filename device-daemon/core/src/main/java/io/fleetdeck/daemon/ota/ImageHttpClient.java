package io.fleetdeck.daemon.ota;

import java.net.http.HttpClient;
import java.time.Duration;

/** The HTTP client devices download firmware images with. */
public final class ImageHttpClient {
    /**
     * The JDK client reads 16 KiB per socket read by default and hands each piece to the reading thread; with 1 MiB an
     * install took half the CPU and half the time (docs/benchmarks.md). The JDK reads the property once, when its
     * first client is built, so it is set here before building and by {@code fleetdeckd}'s main before anything else.
     */
    static final String BUFFER_PROPERTY = "jdk.httpclient.bufsize";
    static final int BUFFER_BYTES = 1 << 20;

    private ImageHttpClient() {
    }

    /** Sets the read buffer, unless the operator chose one with {@code -Djdk.httpclient.bufsize}. */
    public static void configureReadBuffer() {
        if (System.getProperty(BUFFER_PROPERTY) == null) {
            System.setProperty(BUFFER_PROPERTY, Integer.toString(BUFFER_BYTES));
        }
    }

    public static HttpClient create() {
        configureReadBuffer();
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }
}
