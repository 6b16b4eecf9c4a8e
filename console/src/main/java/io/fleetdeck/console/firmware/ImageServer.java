package io.fleetdeck.console.firmware;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Serves library images to devices over HTTP at {@code /images/<token>}. A token is granted per install job and maps
 * to exactly one file, so a URL never carries a path and a device can fetch nothing it was not given. Range requests
 * let a device resume from its last durable offset; the ETag (the image's raw SHA-256, which names the stored file)
 * with {@code If-Range} keeps a resumed download from splicing two different files.
 */
public final class ImageServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ImageServer.class);
    private static final String PREFIX = "/images/";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One job's view of one file, and how many bytes of it went out, for progress. */
    private record Grant(Path file, String etag, String mediaType, AtomicLong served) {
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, Grant> grants = new ConcurrentHashMap<>();

    private ImageServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts serving on {@code address}; port 0 picks a free one (see {@link #address()}). */
    public static ImageServer start(InetSocketAddress address) {
        HttpServer server;
        try {
            server = HttpServer.create(address, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve images on " + address, e);
        }
        // Each download mostly waits on the socket; a virtual thread apiece keeps 20 devices from queueing.
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        ImageServer images = new ImageServer(server, executor);
        server.createContext(PREFIX, images::handle);
        server.setExecutor(executor);
        server.start();
        log.info("Serving firmware images on {}", server.getAddress());
        return images;
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Lets one job download {@code image}; the token is unguessable (128 random bits). */
    public String grant(FirmwareImage image) {
        return grant(image.file(), image.rawSha256(), image.format().mediaType());
    }

    /** Lets one job download {@code file}, whose content {@code etag} identifies. */
    public String grant(Path file, String etag) {
        return grant(file, etag, ImageFormat.IMG.mediaType());
    }

    private String grant(Path file, String etag, String mediaType) {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        grants.put(token, new Grant(file, "\"" + etag + "\"", mediaType, new AtomicLong()));
        log.debug("Granted {} to token {}…", file.getFileName(), token.substring(0, 6));
        return token;
    }

    /** Later requests with {@code token} get 404; a download already running finishes. */
    public void revoke(String token) {
        grants.remove(token);
    }

    /** Bytes sent so far for {@code token}, over all its requests; 0 for an unknown token. */
    public long bytesServed(String token) {
        Grant grant = grants.get(token);
        return grant == null ? 0 : grant.served().get();
    }

    /** The URL a device fetches for {@code token}, on the address this server is bound to. */
    public URI uri(String token) {
        InetSocketAddress address = address();
        String host = address.getAddress().getHostAddress();
        // A literal IPv6 address goes in brackets (RFC 3986); drop the zone, which a URI host cannot carry.
        String authority = address.getAddress() instanceof Inet6Address
                ? "[" + host.replaceFirst("%.*$", "") + "]" : host;
        return URI.create("http://" + authority + ":" + address.getPort() + PREFIX + token);
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
            String token = exchange.getRequestURI().getRawPath().substring(PREFIX.length());
            Grant grant = grants.get(token);
            if (grant == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            serve(exchange, grant, head);
        } catch (IOException e) {
            // Devices drop connections on purpose (reboot, network loss) and resume later; not an error here.
            log.debug("Download from {} ended early: {}", exchange.getRemoteAddress(), e.getMessage());
        }
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
            WritableByteChannel body = new CountingChannel(Channels.newChannel(exchange.getResponseBody()),
                    grant.served());
            long position = first;
            long end = first + length;
            while (position < end) {
                long sent = file.transferTo(position, end - position, body);
                if (sent <= 0) {
                    throw new IOException("file " + grant.file() + " shrank to " + file.size() + " bytes while serving");
                }
                position += sent;
            }
        } catch (NoSuchFileException e) {
            log.warn("Granted image {} is gone from the library", grant.file());
            exchange.sendResponseHeaders(404, -1);
        }
    }

    /** Counts what actually reached the socket, so progress reflects delivered bytes, not bytes read from disk. */
    private static final class CountingChannel implements WritableByteChannel {
        private final WritableByteChannel target;
        private final AtomicLong counter;

        CountingChannel(WritableByteChannel target, AtomicLong counter) {
            this.target = target;
            this.counter = counter;
        }

        @Override
        public int write(ByteBuffer source) throws IOException {
            int written = target.write(source);
            counter.addAndGet(written);
            return written;
        }

        @Override
        public boolean isOpen() {
            return target.isOpen();
        }

        @Override
        public void close() throws IOException {
            target.close();
        }
    }
}
