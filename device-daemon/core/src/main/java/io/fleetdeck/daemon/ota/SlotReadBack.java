package io.fleetdeck.daemon.ota;

import io.fleetdeck.model.FirmwareManifest;
import io.fleetdeck.model.InstallFailure;
import io.fleetdeck.model.InstallState;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The last step of an install: what the slot holds, after an fsync, hashed against the manifest. Read back rather
 * than hashed on the way in: a resumed download wrote part of the slot in an earlier attempt or run, and the check
 * must cover what the medium kept.
 */
final class SlotReadBack {
    private static final int BUFFER = 1 << 20;

    private SlotReadBack() {
    }

    /** Checks the slot's first {@code manifest.rawSize()} bytes against the manifest's SHA-256. */
    static void verify(FileChannel slot, FirmwareManifest manifest, InstallListener listener)
            throws InstallException {
        long size = manifest.rawSize();
        listener.onProgress(new InstallerProgress(InstallState.VERIFYING, 0, 0, size));
        MessageDigest sha256 = sha256();
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
        long position = 0;
        try {
            slot.force(true);
            while (position < size) {
                buffer.clear().limit((int) Math.min(BUFFER, size - position));
                int n = slot.read(buffer, position);
                if (n < 0) {
                    throw InstallException.at(InstallFailure.TRUNCATED, position, "the slot holds fewer bytes than "
                            + size, null);
                }
                sha256.update(buffer.flip());
                position += n;
            }
        } catch (IOException e) {
            throw InstallException.slotFailure(e, position);
        }
        String actual = HexFormat.of().formatHex(sha256.digest());
        if (!actual.equals(manifest.rawSha256())) {
            throw InstallException.hashMismatch(manifest.rawSha256(), actual, size);
        }
        listener.onProgress(new InstallerProgress(InstallState.VERIFYING, 0, size, size));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
