package io.fleetdeck.console.groups;

import io.fleetdeck.model.Identifiers;

import java.util.Collections;
import java.util.Locale;
import java.util.SortedSet;
import java.util.TreeSet;

/** Tags as people type them ({@code Lab, floor-2}) and as they are shown ({@code floor-2, lab}). */
public final class TagText {
    private TagText() {
    }

    /**
     * The tags in {@code text}, separated by commas or spaces, lower-cased as devices announce them.
     *
     * @throws io.fleetdeck.model.InvalidIdentifierException naming the first tag that is not one
     */
    public static SortedSet<String> parse(String text) {
        TreeSet<String> tags = new TreeSet<>();
        for (String part : text.split("[,\\s]+")) {
            if (!part.isEmpty()) {
                tags.add(tag(part));
            }
        }
        return Collections.unmodifiableSortedSet(tags);
    }

    /** One tag, lower-cased and checked. */
    public static String tag(String text) {
        return Identifiers.requireTag(text.strip().toLowerCase(Locale.ROOT));
    }

    /** {@code floor-2, lab}, or empty for none. */
    public static String format(java.util.Collection<String> tags) {
        return String.join(", ", new TreeSet<>(tags));
    }
}
