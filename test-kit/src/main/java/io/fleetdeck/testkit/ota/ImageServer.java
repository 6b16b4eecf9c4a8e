package io.fleetdeck.testkit.ota;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The console's image server as the daemon sees it, on 127.0.0.1 only: bearer token, ETag, {@code Range: bytes=N-},
 * and on demand a connection dropped after a number of body bytes.
 */
public final class ImageServer implements AutoCloseable {
    public static final String TOKEN = "job-token-1-for-the-tests";
    public static final String ETAG = "\"v1\"";
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    /** What one request asked for: the Range header, if any. */
    public record Request(String path, Optional<String> range) {
    }

    private final HttpServer server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicLong dropAfter = new AtomicLong(-1);
    private final AtomicLong stallAfter = new AtomicLong(-1);
    private volatile long bytesPerSecond;
    private final ExecutorService handlers = Executors.newCachedThreadPool();

    public ImageServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        // A stalled response holds its thread; the retry must still be served.
        server.setExecutor(handlers);
        server.start();
    }

    public URI put(String name, byte[] content) {
        files.put("/images/" + name, content);
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/images/" + name);
    }

    /** The next response sends only this many body bytes, then closes the connection. */
    public void dropNextAfter(long bytes) {
        dropAfter.set(bytes);
    }

    /** The next response sends this many body bytes, then nothing for 10 s: a half-open connection. */
    public void stallNextAfter(long bytes) {
        stallAfter.set(bytes);
    }

    /** Every later response is sent at about this rate (0: as fast as loopback goes), so a download takes a while. */
    public void throttle(long rate) {
        bytesPerSecond = rate;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Optional<String> range = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Range"));
        requests.add(new Request(path, range));
        byte[] file = files.get(path);
        if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            exchange.sendResponseHeaders(401, -1);
            exchange.close();
            return;
        }
        if (file == null) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        exchange.getResponseHeaders().set("ETag", ETAG);
        exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
        String ifRange = exchange.getRequestHeaders().getFirst("If-Range");
        Matcher m = RANGE.matcher(range.orElse(""));
        int start = 0;
        if (m.matches() && (ifRange == null || ifRange.equals(ETAG))) {
            start = Integer.parseInt(m.group(1));
            if (start >= file.length) {
                exchange.getResponseHeaders().set("Content-Range", "bytes */" + file.length);
                exchange.sendResponseHeaders(416, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Range",
                    "bytes " + start + "-" + (file.length - 1) + "/" + file.length);
            exchange.sendResponseHeaders(206, file.length - start);
        } else {
            exchange.sendResponseHeaders(200, file.length);
        }
        long drop = dropAfter.getAndSet(-1);
        int length = file.length - start;
        OutputStream body = exchange.getResponseBody();
        if (drop >= 0 && drop < length) {
            body.write(file, start, (int) drop);
            body.flush();
            // An exception out of the handler makes the JDK server close the socket: a dropped connection.
            // Closing the exchange short of Content-Length would not; it keeps the connection for reuse.
            throw new IOException("dropping the connection after " + drop + " bytes, as the test asked");
        }
        long stall = stallAfter.getAndSet(-1);
        if (stall >= 0 && stall < length) {
            body.write(file, start, (int) stall);
            body.flush();
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("stalled response ends");
        }
        long rate = bytesPerSecond;
        if (rate <= 0) {
            body.write(file, start, length);
        } else {
            int chunk = 16 * 1024;
            long begun = System.nanoTime();
            for (int sent = 0; sent < length; sent += chunk) {
                body.write(file, start + sent, Math.min(chunk, length - sent));
                body.flush();
                long due = begun + (sent + chunk) * 1_000_000_000L / rate;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    try {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException("server closing", e);
                    }
                }
            }
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }
}
