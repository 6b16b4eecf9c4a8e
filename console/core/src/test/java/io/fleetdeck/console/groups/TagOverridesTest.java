package io.fleetdeck.console.groups;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TagOverridesTest {
    @Test
    void theChangesBetweenDefaultsAndWantedTagsGiveBackTheWantedTags() {
        TagOverrides changes = TagOverrides.between(List.of("lab", "floor-2"), List.of("lab", "canary"));
        assertThat(changes.added()).containsExactly("canary");
        assertThat(changes.removed()).containsExactly("floor-2");
        assertThat(changes.applyTo(List.of("lab", "floor-2"))).containsExactly("canary", "lab");
    }

    @Test
    void addingARemovedDefaultUndoesTheRemoval() {
        TagOverrides changes = TagOverrides.NONE.removing("lab").adding("lab");
        assertThat(changes).isEqualTo(new TagOverrides(new java.util.TreeSet<>(Set.of("lab")),
                new java.util.TreeSet<>()));
        assertThat(changes.removing("lab")).isEqualTo(TagOverrides.NONE);
    }
}
