package io.fleetdeck.console.rollout.ui;

import io.fleetdeck.model.ImageFormat;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What is being dragged over a tile or the library: files from the file manager, or an image from the library.
 * Decides from names alone (no file is opened while the pointer moves) whether a drop would make sense, and if not,
 * says why in words a technician can act on.
 *
 * @param files        the dragged files, possibly empty
 * @param libraryImage the dragged library image, when the drag started in the firmware library
 * @param libraryName  that image's name, for the hint
 */
public record ImageDrop(List<Path> files, OptionalLong libraryImage, String libraryName) {
    /** The formats we take, as the hint lists them. */
    public static final String FORMATS = ".img, .img.xz, .img.gz, .img.zst or .zip";

    public ImageDrop {
        files = List.copyOf(files);
        Objects.requireNonNull(libraryImage, "libraryImage");
        Objects.requireNonNull(libraryName, "libraryName");
    }

    public static ImageDrop ofFiles(List<File> files) {
        return new ImageDrop(files.stream().map(File::toPath).toList(), OptionalLong.empty(), "");
    }

    public static ImageDrop ofLibraryImage(long imageId, String name) {
        return new ImageDrop(List.of(), OptionalLong.of(imageId), name);
    }

    public static ImageDrop nothing() {
        return new ImageDrop(List.of(), OptionalLong.empty(), "");
    }

    /** Whether a single image would be installed by dropping this on devices. */
    public boolean installable() {
        return libraryImage.isPresent() || (files.size() == 1 && recognised(files.getFirst()));
    }

    /** Whether every dragged file could be imported into the library. */
    public boolean importable() {
        return !files.isEmpty() && files.stream().allMatch(ImageDrop::recognised);
    }

    /** The one file an install drop carries; call only when {@link #installable()} and no library image. */
    public Path file() {
        return files.getFirst();
    }

    /** What the operator sees while dragging over {@code targets} devices. */
    public String installHint(int targets) {
        String devices = targets == 1 ? "this device" : targets + " selected devices";
        if (libraryImage.isPresent()) {
            return "Drop to check " + libraryName + " for " + devices;
        }
        if (files.isEmpty()) {
            return "Only firmware image files can be dropped here (" + FORMATS + ")";
        }
        if (files.size() > 1) {
            return "Drop one image at a time (" + files.size() + " files dragged)";
        }
        String name = name(files.getFirst());
        return recognised(files.getFirst()) ? "Drop to check " + name + " for " + devices
                : name + " is not a firmware image: use " + FORMATS;
    }

    /** What the operator sees while dragging over the library. */
    public String importHint() {
        if (files.isEmpty()) {
            return libraryImage.isPresent() ? libraryName + " is already in the library"
                    : "Only firmware image files can be imported (" + FORMATS + ")";
        }
        List<String> refused = files.stream().filter(file -> !recognised(file)).map(ImageDrop::name).toList();
        if (!refused.isEmpty()) {
            return String.join(", ", refused) + (refused.size() == 1 ? " is" : " are")
                    + " not a firmware image: use " + FORMATS;
        }
        return files.size() == 1 ? "Drop to import " + name(files.getFirst())
                : "Drop to import " + files.size() + " images";
    }

    static boolean recognised(Path file) {
        return ImageFormat.find(name(file)).isPresent();
    }

    static String name(Path file) {
        Path name = file.getFileName();
        return name == null ? file.toString() : name.toString();
    }
}
