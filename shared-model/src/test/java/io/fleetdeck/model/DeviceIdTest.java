package io.fleetdeck.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeviceIdTest {
    @ParameterizedTest
    @ValueSource(strings = {"pi-0001", "10000000abcdef01", "lab_bench_3", "A"})
    void acceptsTopicSafeIds(String id) {
        assertThat(DeviceId.of(id).value()).isEqualTo(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/b", "a+b", "a#", "-x", "_console", "tab\there", "ünï", "a b"})
    void rejectsIdsThatAreUnsafeInATopic(String id) {
        assertThatThrownBy(() -> DeviceId.of(id)).isInstanceOf(InvalidIdentifierException.class)
                .hasMessageContaining("device id");
    }

    @Test
    void rejectsOverlongIdsAndQuotesThemShortInTheMessage() {
        String longId = "x".repeat(100);
        assertThatThrownBy(() -> DeviceId.of(longId)).isInstanceOf(InvalidIdentifierException.class)
                .hasMessageContaining("(100 chars)");
    }

    @Test
    void quotesControlCharactersVisibly() {
        assertThat(Identifiers.quote("a\u0000b\n")).isEqualTo("\"a\\u0000b\\u000a\"");
    }
}
