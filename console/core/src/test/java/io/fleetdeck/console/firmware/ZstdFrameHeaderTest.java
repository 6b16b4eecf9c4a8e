package io.fleetdeck.console.firmware;

import com.github.luben.zstd.ZstdOutputStream;
import io.fleetdeck.testkit.images.TestImages;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class ZstdFrameHeaderTest {
    @Test
    void seesTheChecksumFlagOfAFrameWrittenWithOne() throws Exception {
        assertThat(ZstdFrameHeader.hasContentChecksum(compress(true))).isTrue();
    }

    @Test
    void seesAFrameWrittenWithoutChecksum() throws Exception {
        assertThat(ZstdFrameHeader.hasContentChecksum(compress(false))).isFalse();
    }

    @Test
    void otherBytesAreNoCheckedFrame() {
        assertThat(ZstdFrameHeader.hasContentChecksum(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0})).isFalse();
        assertThat(ZstdFrameHeader.hasContentChecksum(new byte[] {0x28})).isFalse();
    }

    private static byte[] compress(boolean checksum) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZstdOutputStream out = new ZstdOutputStream(bytes, 3)) {
            out.setChecksum(checksum);
            out.write(TestImages.raw(10_000, 1));
        }
        return Arrays.copyOf(bytes.toByteArray(), 5);
    }
}
