package io.fleetdeck.model;

import java.util.Locale;
import java.util.Optional;

/**
 * The containers a firmware image may arrive in, recognised by file name as Raspberry Pi users download them. The
 * console stores and serves an image in the container it was imported in; the device decompresses it on the fly, so
 * both sides must agree on this one rule.
 */
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

    /** The extension with its leading dot, as it ends a file name: {@code .img.xz}. */
    public String suffix() {
        return "." + extension;
    }

    /**
     * Whether a broken download can continue from a byte offset. Only the raw image: its compressed offset is its
     * raw offset. A decompressor's state at an offset cannot be restored, so compressed downloads start over.
     */
    public boolean resumable() {
        return this == IMG;
    }

    /** The format a file name announces, e.g. {@code 2025-05-13-raspios-bookworm-arm64-lite.img.xz}; empty if none. */
    public static Optional<ImageFormat> find(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        // Longest extensions first, so "x.img.xz" is not taken for a plain image by an ".img" check.
        for (ImageFormat format : new ImageFormat[] {IMG_GZ, IMG_XZ, IMG_ZST, IMG, ZIP}) {
            if (lower.endsWith(format.suffix())) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    /**
     * As {@link #find(String)}, for a name that must be an image.
     *
     * @throws IllegalArgumentException for a name with no image extension
     */
    public static ImageFormat ofFileName(String fileName) {
        return find(fileName).orElseThrow(() -> new IllegalArgumentException(
                "not an image file (.img, .img.gz, .img.xz, .img.zst, .zip): " + fileName));
    }

    /** The file name without this format's extension: {@code fleetdeck-1.4.2.img.xz} → {@code fleetdeck-1.4.2}. */
    public String stem(String fileName) {
        return fileName.substring(0, fileName.length() - extension.length() - 1);
    }

    /**
     * Whether a zip member is the disk image. macOS Finder adds an AppleDouble twin ({@code __MACOSX/._fw.img}) for
     * each file it zips; counting those would refuse every zip made on a Mac as holding two images.
     */
    public static boolean isImageMember(String memberName) {
        String name = memberName.replace('\\', '/');
        String base = name.substring(name.lastIndexOf('/') + 1);
        return name.toLowerCase(Locale.ROOT).endsWith(".img") && !name.startsWith("__MACOSX/")
                && !base.startsWith("._");
    }
}
