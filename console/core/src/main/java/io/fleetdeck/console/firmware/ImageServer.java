package io.fleetdeck.console.firmware;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.fleetdeck.model.ImageFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * Serves library images to devices over HTTP (HTTPS when the console runs with TLS) at {@code /images/<job>/<fileName>}. A grant is made per install job and
 * maps to exactly one file, so a URL never reaches the file system and a device can fetch nothing it was not given.
 * The job's secret token travels only in the {@code Authorization: Bearer} header, never in the URL (URLs end up in
 * logs and retained messages). Range requests let a device resume from its last durable offset; the ETag (the
 * image's raw SHA-256, which names the stored file) with {@code If-Range} keeps a resumed download from splicing two
 * different files.
 */
public final class ImageServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ImageServer.class);
    private static final String PREFIX = "/images/";
    private static final int COPY_BUFFER = 1 << 20;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern JOB = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    /**
     * Connections the kernel completes before the server accepts them. The JDK's default, 50, overflows under a burst
     * of connections (a flood, or a fleet starting its downloads at once), and a dropped handshake costs the device a
     * SYN retry of a second or more; Linux caps it at {@code net.core.somaxconn} anyway.
     */
    private static final int ACCEPT_BACKLOG = 1024;

    /** One job's view of one file, and how many bytes of it went out, for progress. */
    private record Grant(String token, Path file, String fileName, String etag, String mediaType, AtomicLong served) {
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final String scheme;
    private final Map<String, Grant> grants = new ConcurrentHashMap<>();

    private ImageServer(HttpServer server, ExecutorService executor, String scheme) {
        this.server = server;
        this.executor = executor;
        this.scheme = scheme;
    }

    /**
     * Starts serving on {@code address}; port 0 picks a free one (see {@link #address()}). The first server of the JVM
     * also fixes the connection cap and timeouts of {@link ImageServerLimits#defaults()}.
     */
    public static ImageServer start(InetSocketAddress address) {
        return start(address, null);
    }

    /**
     * As {@link #start(InetSocketAddress)}; with {@code tls} not null it serves HTTPS (TLS 1.3/1.2) with that context's
     * certificate and hands out {@code https://} URLs, so the download token never crosses the network in clear.
     */
    public static ImageServer start(InetSocketAddress address, SSLContext tls) {
        // Before the first server: the JDK reads its limits once (see ImageServerLimits), HTTPS servers included.
        ImageServerLimits.defaults().apply();
        HttpServer server;
        try {
            server = tls == null ? HttpServer.create(address, ACCEPT_BACKLOG) : https(address, tls);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve images on " + address + ": " + e.getMessage(), e);
        }
        // Each download mostly waits on the socket; a virtual thread apiece keeps 20 devices from queueing.
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        ImageServer images = new ImageServer(server, executor, tls == null ? "http" : "https");
        server.createContext(PREFIX, images::handle);
        server.setExecutor(executor);
        server.start();
        log.info("Serving firmware images over {} on {}", images.scheme.toUpperCase(java.util.Locale.ROOT),
                server.getAddress());
        return images;
    }

    private static HttpsServer https(InetSocketAddress address, SSLContext tls) throws IOException {
        HttpsServer server = HttpsServer.create(address, 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters parameters) {
                SSLParameters ssl = tls.getDefaultSSLParameters();
                ssl.setProtocols(new String[]{"TLSv1.3", "TLSv1.2"});
                parameters.setSSLParameters(ssl);
            }
        });
        return server;
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** A new unguessable token (128 random bits), for a job about to be granted. */
    public static String newToken() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The name a library image is served under: its own name when that is a safe URL segment, else its hash. */
    public static String servedName(FirmwareImage image) {
        String name = image.name();
        boolean safe = name.length() <= 200 && name.matches("[A-Za-z0-9._+-]+") && !name.startsWith(".")
                && ImageFormat.find(name).filter(format -> format == image.format()).isPresent();
        return safe ? name : image.rawSha256() + "." + image.format().extension();
    }

    /**
     * Lets job {@code job} download {@code image} with {@code token}; granting a job again (a console restart
     * resuming it) replaces the earlier grant.
     */
    public void grant(String job, String token, FirmwareImage image) {
        grant(job, token, image.file(), servedName(image), image.rawSha256(), image.format().mediaType());
    }

    /** Lets job {@code job} download {@code file} as {@code fileName}, whose content {@code etag} identifies. */
    public void grant(String job, String token, Path file, String fileName, String etag, String mediaType) {
        if (job == null || !JOB.matcher(job).matches()) {
            throw new IllegalArgumentException("job id must be 1-64 of A-Z a-z 0-9 _ -: " + job);
        }
        if (token == null || token.length() < 16) {
            throw new IllegalArgumentException("a token has at least 16 characters");
        }
        grants.put(job, new Grant(token, file, fileName, "\"" + etag + "\"", mediaType, new AtomicLong()));
        log.debug("Granted {} to job {}", file.getFileName(), job);
    }

    /** Later requests for {@code job} get 404; a download already running finishes. */
    public void revoke(String job) {
        if (grants.remove(job) != null) {
            log.debug("Revoked the grant of job {}", job);
        }
    }

    /** Whether {@code job} may download now. */
    public boolean granted(String job) {
        return grants.containsKey(job);
    }

    /** Bytes sent so far for {@code job}, over all its requests; 0 for an unknown job. */
    public long bytesServed(String job) {
        Grant grant = grants.get(job);
        return grant == null ? 0 : grant.served().get();
    }

    /** The URL of {@code job}'s file on the address this server is bound to. */
    public URI uri(String job, String fileName) {
        return uri(address().getAddress(), job, fileName);
    }

    /**
     * The URL of {@code job}'s file with {@code host} as the host: the console's address as the device sees it
     * (see {@link LocalRoutes}). A server bound to one address is reachable only there, so that address wins.
     */
    public URI uri(InetAddress host, String job, String fileName) {
        InetAddress bound = address().getAddress();
        InetAddress target = bound.isAnyLocalAddress() ? host : bound;
        String text = target.getHostAddress();
        // A literal IPv6 address goes in brackets (RFC 3986); drop the zone, which a URI host cannot carry.
        String authority = target instanceof Inet6Address ? "[" + text.replaceFirst("%.*$", "") + "]" : text;
        return URI.create(scheme + "://" + authority + ":" + address().getPort() + PREFIX + job + "/" + fileName);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        log.info("Stopped serving firmware images on {}", server.getAddress());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            boolean head = method.equals("HEAD");
            if (!head && !method.equals("GET")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            String[] path = exchange.getRequestURI().getRawPath().substring(PREFIX.length()).split("/", -1);
            Grant grant = path.length == 2 ? grants.get(path[0]) : null;
            if (grant == null || !grant.fileName().equals(path[1])) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            if (!authorised(exchange.getRequestHeaders().getFirst("Authorization"), grant)) {
                log.warn("Refused a download of job {} from {}: missing or wrong bearer token", path[0],
                        exchange.getRemoteAddress());
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"fleetdeck\"");
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            serve(exchange, grant, head);
        } catch (IOException e) {
            // Devices drop connections on purpose (reboot, network loss) and resume later; not an error here.
            log.debug("Download from {} ended early: {}", exchange.getRemoteAddress(), e.getMessage());
        }
    }

    private static boolean authorised(String header, Grant grant) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] offered = header.substring(7).strip().getBytes(StandardCharsets.US_ASCII);
        // Constant time, so response timing does not tell how much of a guessed token was right.
        return MessageDigest.isEqual(offered, grant.token().getBytes(StandardCharsets.US_ASCII));
    }

    private void serve(HttpExchange exchange, Grant grant, boolean head) throws IOException {
        try (FileChannel file = FileChannel.open(grant.file(), StandardOpenOption.READ)) {
            long size = file.size();
            Headers request = exchange.getRequestHeaders();
            Headers response = exchange.getResponseHeaders();
            response.set("ETag", grant.etag());
            response.set("Accept-Ranges", "bytes");
            response.set("Content-Type", grant.mediaType());
            Optional<String> range = Optional.ofNullable(request.getFirst("Range"));
            String ifRange = request.getFirst("If-Range");
            if (ifRange != null && !ifRange.strip().equals(grant.etag())) {
                // The device holds bytes of another file (or a date validator we do not issue): start over.
                range = Optional.empty();
            }
            ByteRange.Request wanted = ByteRange.parse(range, size);
            long first = 0;
            long length = size;
            int status = 200;
            switch (wanted) {
                case ByteRange.Unsatisfiable u -> {
                    response.set("Content-Range", "bytes */" + size);
                    exchange.sendResponseHeaders(416, -1);
                    return;
                }
                case ByteRange.Part part -> {
                    first = part.range().first();
                    length = part.range().length();
                    status = 206;
                    response.set("Content-Range", part.range().contentRange(size));
                }
                case ByteRange.Whole w -> { }
            }
            if (head) {
                response.set("Content-Length", Long.toString(length));
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            exchange.sendResponseHeaders(status, length);
            OutputStream body = exchange.getResponseBody();
            // transferTo into a non-file channel copies 8 KiB at a time; one 1 MiB read and write per step costs
            // the server a fraction of the CPU per image (docs/benchmarks.md).
            ByteBuffer buffer = ByteBuffer.allocate(COPY_BUFFER);
            long position = first;
            long end = first + length;
            while (position < end) {
                buffer.clear().limit((int) Math.min(COPY_BUFFER, end - position));
                int read = file.read(buffer, position);
                if (read <= 0) {
                    throw new IOException("file " + grant.file() + " shrank to " + file.size() + " bytes while serving");
                }
                body.write(buffer.array(), 0, read);
                position += read;
                grant.served().addAndGet(read);
            }
        } catch (NoSuchFileException e) {
            log.warn("Granted image {} is gone from the library", grant.file());
            exchange.sendResponseHeaders(404, -1);
        }
    }
}
