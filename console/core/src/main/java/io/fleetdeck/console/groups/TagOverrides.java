package io.fleetdeck.console.groups;

import java.util.Collection;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The operator's changes to one device's default tags: tags added, and defaults removed. Stored as changes rather than
 * as the whole set, so a tag the device's config gains later still shows, unless the operator removed that very tag.
 *
 * @param added   tags the operator gave the device
 * @param removed default tags the operator took away
 */
public record TagOverrides(SortedSet<String> added, SortedSet<String> removed) {
    public static final TagOverrides NONE = new TagOverrides(new TreeSet<>(), new TreeSet<>());

    public TagOverrides {
        added = Collections.unmodifiableSortedSet(new TreeSet<>(added));
        removed = Collections.unmodifiableSortedSet(new TreeSet<>(removed));
        if (added.stream().anyMatch(removed::contains)) {
            throw new IllegalArgumentException("a tag both added and removed: " + added + " / " + removed);
        }
    }

    /** The changes that turn {@code defaults} into {@code wanted}. */
    public static TagOverrides between(Collection<String> defaults, Collection<String> wanted) {
        TreeSet<String> added = new TreeSet<>(wanted);
        added.removeAll(defaults);
        TreeSet<String> removed = new TreeSet<>(defaults);
        removed.removeAll(wanted);
        return new TagOverrides(added, removed);
    }

    /** The device's tags: its defaults with these changes applied, sorted. */
    public SortedSet<String> applyTo(Collection<String> defaults) {
        TreeSet<String> tags = new TreeSet<>(defaults);
        tags.removeAll(removed);
        tags.addAll(added);
        return Collections.unmodifiableSortedSet(tags);
    }

    /** These changes with {@code tag} added (no longer removed). */
    public TagOverrides adding(String tag) {
        TreeSet<String> plus = new TreeSet<>(added);
        plus.add(tag);
        TreeSet<String> minus = new TreeSet<>(removed);
        minus.remove(tag);
        return new TagOverrides(plus, minus);
    }

    /** These changes with {@code tag} removed, whether the operator or the device's config gave it. */
    public TagOverrides removing(String tag) {
        TreeSet<String> plus = new TreeSet<>(added);
        TreeSet<String> minus = new TreeSet<>(removed);
        if (!plus.remove(tag)) {
            minus.add(tag);
        }
        return new TagOverrides(plus, minus);
    }
}
