package io.fleetdeck.console.firmware;

/**
 * Reads the start of a zstd frame. xz and gzip always carry a check of the data; zstd only when the writer asked
 * for one. Without it a damaged file decompresses "successfully" and the library would hash and sign the damage.
 */
final class ZstdFrameHeader {
    private static final int MAGIC = 0xFD2FB528;
    private static final int CONTENT_CHECKSUM_FLAG = 0x04;

    private ZstdFrameHeader() {
    }

    /** Whether {@code start} (the first bytes of a file) opens a zstd frame that ends with a content checksum. */
    static boolean hasContentChecksum(byte[] start) {
        if (start.length < 5) {
            return false;
        }
        int magic = (start[0] & 0xff) | (start[1] & 0xff) << 8 | (start[2] & 0xff) << 16 | (start[3] & 0xff) << 24;
        return magic == MAGIC && (start[4] & CONTENT_CHECKSUM_FLAG) != 0;
    }
}
