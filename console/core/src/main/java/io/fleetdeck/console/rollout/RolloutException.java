package io.fleetdeck.console.rollout;

import java.nio.file.Path;

/** A rollout that could not even be planned: the file was refused, or no version could be promised. */
public final class RolloutException extends RuntimeException {
    private final transient Path image;

    public RolloutException(Path image, String message, Throwable cause) {
        super((image == null ? "" : image.getFileName() + ": ") + message, cause);
        this.image = image;
    }

    /** The file the operator dropped or named, when there was one. */
    public Path image() {
        return image;
    }
}
