package io.fleetdeck.daemon.ota;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One HTTP GET of an image from an offset. The body is a stream that counts what arrived and turns every failure of
 * the connection, including an early end, into a {@link TransportException}, and a body longer than the caller allows
 * into an {@link OversizedDownloadException}.
 */
final class ImageDownload implements AutoCloseable {
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

    private final long start;
    private final Optional<String> etag;
    private final CountingStream body;

    private ImageDownload(long start, Optional<String> etag, CountingStream body) {
        this.start = start;
        this.etag = etag;
        this.body = body;
    }

    /**
     * Requests {@code uri} from {@code offset} (a Range request when positive). A server that ignores the range, or
     * whose file changed since {@code etag}, answers 200 and the download starts at 0: see {@link #start()}.
     *
     * @param maxEnd the file offset the body may not go past: reading beyond it, or a response that announces more,
     *               fails with {@link OversizedDownloadException}
     */
    static ImageDownload open(HttpClient http, URI uri, String token, long offset, Optional<String> etag,
                              Duration timeout, long maxEnd) throws IOException, InstallException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).GET()
                .header("Authorization", "Bearer " + token);
        if (offset > 0) {
            request.header("Range", "bytes=" + offset + "-");
            etag.ifPresent(value -> request.header("If-Range", value));
        }
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while requesting " + uri);
        } catch (IOException e) {
            // The JDK client's ConnectException has no message; its class name is the cause a technician needs.
            throw new TransportException("request for " + uri + " failed: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
        int status = response.statusCode();
        Optional<String> newEtag = response.headers().firstValue("ETag");
        OptionalLong length = response.headers().firstValueAsLong("Content-Length");
        if (status == 200 || status == 206) {
            long start = status == 200 ? 0 : rangeStart(response, offset);
            if (length.isPresent() && start + length.getAsLong() > maxEnd) {
                response.body().close();
                throw new OversizedDownloadException(start + length.getAsLong(), maxEnd);
            }
            return new ImageDownload(start, status == 200 ? newEtag : newEtag.or(() -> etag),
                    new CountingStream(response.body(), length, maxEnd - start));
        }
        response.body().close();
        if (status >= 500 || status == 429) {
            throw new TransportException("HTTP " + status + " from " + uri, null);
        }
        throw InstallException.httpStatus(status, offset, "the image server refused " + uri);
    }

    private static long rangeStart(HttpResponse<InputStream> response, long offset)
            throws IOException, InstallException {
        String header = response.headers().firstValue("Content-Range").orElse("");
        Matcher m = CONTENT_RANGE.matcher(header);
        if (!m.matches() || Long.parseLong(m.group(1)) != offset) {
            response.body().close();
            // Splicing bytes from another offset would corrupt the slot silently until the hash check; stop here.
            throw InstallException.httpStatus(206, offset, "asked for bytes from " + offset + ", got Content-Range '"
                    + header + "'");
        }
        return offset;
    }

    /** The file offset the body starts at. */
    long start() {
        return start;
    }

    Optional<String> etag() {
        return etag;
    }

    InputStream body() {
        return body;
    }

    /** Bytes of the body received so far. */
    long received() {
        return body.count;
    }

    /** Gives up on a body that stopped delivering: the blocked read ends with a {@link TransportException}. */
    void abortStalled() {
        body.stalled = true;
        try {
            body.close();
        } catch (IOException e) {
            // Closing is the abort; the reader reports it.
        }
    }

    boolean isOpen() {
        return !body.closed;
    }

    @Override
    public void close() throws IOException {
        body.close();
    }

    private static final class CountingStream extends FilterInputStream {
        private final OptionalLong length;
        private final long max;
        private volatile long count;
        private volatile boolean stalled;
        private volatile boolean closed;

        @Override
        public void close() throws IOException {
            closed = true;
            super.close();
        }

        CountingStream(InputStream in, OptionalLong length, long max) {
            super(in);
            this.length = length;
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n;
            try {
                n = in.read(b, off, len);
            } catch (IOException e) {
                if (stalled) {
                    throw new TransportException("no bytes arrived for too long after " + count + " bytes", e);
                }
                throw new TransportException("connection broke after " + count + " bytes: " + e.getMessage(), e);
            }
            if (n < 0 && stalled) {
                throw new TransportException("no bytes arrived for too long after " + count + " bytes", null);
            }
            if (n < 0 && length.isPresent() && count < length.getAsLong()) {
                throw new TransportException("connection ended after " + count + " of " + length.getAsLong()
                        + " bytes", null);
            }
            if (n > 0) {
                count += n;
                if (count > max) {
                    throw new OversizedDownloadException(count, max);
                }
            }
            return n;
        }
    }
}
