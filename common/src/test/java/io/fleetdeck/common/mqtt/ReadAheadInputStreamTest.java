package io.fleetdeck.common.mqtt;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ReadAheadInputStreamTest {
    private static final byte[] DATA = new byte[100_000];

    static {
        new Random(42).nextBytes(DATA);
    }

    @Test
    void mixedSingleByteAndBulkReadsGiveBackEveryByteInOrderThenTheEnd() throws IOException {
        Random random = new Random(7);
        try (InputStream in = new ReadAheadInputStream(new TrickleStream(DATA, 1500), 4096)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            while (true) {
                if (random.nextBoolean()) {
                    int b = in.read();
                    if (b < 0) {
                        break;
                    }
                    out.write(b);
                } else {
                    byte[] chunk = new byte[random.nextInt(1, 10_000)];
                    int n = in.read(chunk, 0, chunk.length);
                    if (n < 0) {
                        break;
                    }
                    assertThat(n).isPositive();
                    out.write(chunk, 0, n);
                }
            }
            assertThat(out.toByteArray()).isEqualTo(DATA);
            assertThat(in.read()).isEqualTo(-1);
            assertThat(in.read(new byte[10], 0, 10)).isEqualTo(-1);
        }
    }

    @Test
    void fetchesManyPacketsWithOneReadOfTheSocket() throws IOException {
        TrickleStream source = new TrickleStream(DATA, Integer.MAX_VALUE);
        try (InputStream in = new ReadAheadInputStream(source, 64 * 1024)) {
            for (int i = 0; i < 1000; i++) {
                assertThat((byte) in.read()).isEqualTo(DATA[i]);
            }
        }
        assertThat(source.reads).isEqualTo(1);
    }

    /** A socket-like stream: each read returns at most {@code most} bytes. */
    private static final class TrickleStream extends ByteArrayInputStream {
        private final int most;
        int reads;

        TrickleStream(byte[] data, int most) {
            super(data);
            this.most = most;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            reads++;
            return super.read(b, off, Math.min(len, most));
        }
    }
}
