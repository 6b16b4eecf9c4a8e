package io.fleetdeck.daemon.ota;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.tukaani.xz.XZInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/** The file types an image arrives in, and how each becomes the raw image stream written to a slot. */
public enum ImageFormat {
    IMG(".img"), IMG_GZ(".img.gz"), IMG_XZ(".img.xz"), IMG_ZST(".img.zst"), ZIP(".zip");

    /** xz -9 needs a 64 MiB dictionary; more than this on a Pi is a hostile or broken file, not an image. */
    private static final int XZ_MEMORY_LIMIT_KIB = 128 * 1024;
    private static final int INPUT_BUFFER = 64 * 1024;

    private final String suffix;

    ImageFormat(String suffix) {
        this.suffix = suffix;
    }

    public String suffix() {
        return suffix;
    }

    /**
     * Whether a broken download can continue from a byte offset. Only the raw image: its compressed offset is its
     * raw offset. A decompressor's state at an offset cannot be restored, so compressed downloads start over.
     */
    public boolean resumable() {
        return this == IMG;
    }

    /** The format a file name says, e.g. {@code 2025-05-13-raspios-bookworm-arm64-lite.img.xz}. */
    public static ImageFormat ofFileName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (ImageFormat format : values()) {
            if (lower.endsWith(format.suffix)) {
                return format;
            }
        }
        throw new IllegalArgumentException("not an image file (.img, .img.gz, .img.xz, .img.zst, .zip): " + name);
    }

    /** The raw image bytes out of {@code compressed}, decompressed as they are read. */
    InputStream open(InputStream compressed) throws IOException {
        if (this == IMG) {
            return compressed;
        }
        InputStream buffered = new BufferedInputStream(compressed, INPUT_BUFFER);
        return switch (this) {
            case IMG_GZ -> new GzipCompressorInputStream(buffered, true);
            case IMG_XZ -> new XZInputStream(buffered, XZ_MEMORY_LIMIT_KIB);
            case IMG_ZST -> new ZstdInputStreamNoFinalizer(buffered);
            case ZIP -> new ZipImageStream(buffered);
            case IMG -> throw new AssertionError();
        };
    }
}
