package io.fleetdeck.daemon.ota;

import io.fleetdeck.common.tls.CaTrust;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

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
        return create(Duration.ofSeconds(10), Optional.empty());
    }

    /**
     * A client that, given the console's CA certificate file, trusts only that CA for {@code https://} image URLs
     * (the JDK client checks the host name against the certificate). The file is read now: a CA delivered later
     * applies to the next client.
     *
     * @throws io.fleetdeck.common.tls.CaFileException when {@code caFile} cannot be read or holds no certificate
     */
    public static HttpClient create(Duration connectTimeout, Optional<Path> caFile) {
        configureReadBuffer();
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(connectTimeout);
        caFile.ifPresent(file -> builder.sslContext(CaTrust.context(file)));
        return builder.build();
    }
}
