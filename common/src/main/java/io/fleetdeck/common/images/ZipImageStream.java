package io.fleetdeck.common.images;

import io.fleetdeck.model.ImageFormat;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The single {@code .img} member of a zip, read as it streams in. Member names are only compared, never used as
 * paths, so a zip-slip name cannot reach the filesystem. Other members (a README, macOS's {@code __MACOSX/._x.img}
 * twins: {@link ImageFormat#isImageMember}) are skipped; a second image is refused once the first ends, because we
 * could not tell which one the release meant.
 */
final class ZipImageStream extends FilterInputStream {
    private final ZipArchiveInputStream zip;
    private String imageName;
    private boolean checkedRest;

    ZipImageStream(InputStream in) throws IOException {
        this(new ZipArchiveInputStream(in, "UTF-8", true, true));
    }

    private ZipImageStream(ZipArchiveInputStream zip) throws IOException {
        super(zip);
        this.zip = zip;
        ZipArchiveEntry entry;
        while ((entry = zip.getNextEntry()) != null) {
            if (isImage(entry)) {
                imageName = entry.getName();
                return;
            }
        }
        throw new MalformedImageException("the zip holds no .img member");
    }

    private static boolean isImage(ZipArchiveEntry entry) {
        return !entry.isDirectory() && ImageFormat.isImageMember(entry.getName());
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = zip.read(b, off, len);
        if (n < 0 && !checkedRest) {
            checkedRest = true;
            ZipArchiveEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                if (isImage(entry)) {
                    throw new MalformedImageException("the zip holds more than one .img member: "
                            + quote(imageName) + " and " + quote(entry.getName()));
                }
            }
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        throw new UnsupportedOperationException("an image stream is read whole");
    }

    private static String quote(String name) {
        // Names come from the network: keep them to one printable line in logs and reports.
        String printable = name.replaceAll("\\p{Cntrl}", "?");
        return "'" + (printable.length() > 120 ? printable.substring(0, 120) + "…" : printable) + "'";
    }
}
