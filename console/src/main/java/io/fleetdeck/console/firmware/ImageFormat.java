package io.fleetdeck.console.firmware;

import java.util.Locale;
import java.util.Optional;

/** The containers a firmware image may arrive in, recognised by file name as Raspberry Pi users download them. */
public enum ImageFormat {
    IMG("img", "application/octet-stream"),
    IMG_GZ("img.gz", "application/gzip"),
    IMG_XZ("img.xz", "application/x-xz"),
    IMG_ZST("img.zst", "application/zstd"),
    ZIP("zip", "application/zip");

    private final String extension;
    private final String mediaType;

    ImageFormat(String extension, String mediaType) {
        this.extension = extension;
        this.mediaType = mediaType;
    }

    /** The HTTP Content-Type of the stored file, which tells a device which decompressor to stream it through. */
    public String mediaType() {
        return mediaType;
    }

    /** The extension without the leading dot, used for the stored copy too so tools recognise it. */
    public String extension() {
        return extension;
    }

    /** The format a file name announces; empty when it is none we accept. */
    public static Optional<ImageFormat> ofFileName(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        // Longest extensions first, so "x.img.xz" is not taken for a plain image by a ".img" check.
        for (ImageFormat format : new ImageFormat[] {IMG_GZ, IMG_XZ, IMG_ZST, IMG, ZIP}) {
            if (lower.endsWith("." + format.extension)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    /** The file name without this format's extension: {@code fleetdeck-1.4.2.img.xz} → {@code fleetdeck-1.4.2}. */
    public String stem(String fileName) {
        return fileName.substring(0, fileName.length() - extension.length() - 1);
    }
}
