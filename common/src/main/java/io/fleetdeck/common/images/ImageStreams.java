package io.fleetdeck.common.images;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import com.github.luben.zstd.ZstdOutputStream;
import io.fleetdeck.model.ImageFormat;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZInputStream;
import org.tukaani.xz.XZOutputStream;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The one place that turns an {@link ImageFormat}'s container into raw image bytes and back: the device streams a
 * download through {@link #decompress}, the console checks an import with it, and the simulator, the benchmarks and
 * the tests write images with {@link #compress}.
 */
public final class ImageStreams {
    /** xz -9 needs a 64 MiB dictionary; more than this on a Pi is a hostile or broken file, not an image. */
    public static final int XZ_MEMORY_LIMIT_KIB = 128 * 1024;

    private ImageStreams() {
    }

    /**
     * The raw image bytes out of {@code compressed}, decompressed as they are read. Reads only what the decompressor
     * asks for (no read-ahead of its own), so a caller that counts the compressed bytes knows where bad data began.
     * A zip is read as a stream: its single {@code .img} member (see {@link ImageFormat#isImageMember}).
     */
    public static InputStream decompress(ImageFormat format, InputStream compressed) throws IOException {
        return switch (format) {
            case IMG -> compressed;
            // pigz and many tools write several members; all of them are the image.
            case IMG_GZ -> GzipCompressorInputStream.builder().setInputStream(compressed)
                    .setDecompressConcatenated(true).get();
            case IMG_XZ -> new XZInputStream(compressed, XZ_MEMORY_LIMIT_KIB);
            case IMG_ZST -> new ZstdInputStreamNoFinalizer(compressed);
            case ZIP -> new ZipImageStream(compressed);
        };
    }

    /**
     * A stream that writes the raw image into {@code file} in {@code format}'s container; closing it finishes the
     * container but leaves {@code file} open. xz uses preset 1 (images compress well enough at it; tests and demos
     * should not wait for preset 6); zstd writes a content checksum as its command line does.
     *
     * @param zipMember the member name when {@code format} is {@link ImageFormat#ZIP}
     */
    public static OutputStream compress(ImageFormat format, OutputStream file, String zipMember) throws IOException {
        OutputStream target = nonClosing(file);
        return switch (format) {
            case IMG -> target;
            case IMG_GZ -> new GzipCompressorOutputStream(target);
            case IMG_XZ -> new XZOutputStream(target, new LZMA2Options(1));
            case IMG_ZST -> new ZstdOutputStream(target).setChecksum(true);
            case ZIP -> zipMember(target, zipMember);
        };
    }

    private static OutputStream zipMember(OutputStream target, String member) throws IOException {
        ZipArchiveOutputStream zip = new ZipArchiveOutputStream(target);
        zip.putArchiveEntry(new ZipArchiveEntry(member));
        return new FilterOutputStream(zip) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                zip.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                zip.closeArchiveEntry();
                zip.close();
            }
        };
    }

    /** Lets a compressor finish and close without closing the file under it. */
    private static OutputStream nonClosing(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                out.flush();
            }
        };
    }
}
