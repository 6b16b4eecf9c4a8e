package io.fleetdeck.model;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PairingCodeTest {
    @Test
    void readsWhatAnOperatorTypesWithTheLookAlikes() {
        assertThat(PairingCode.parse("abcd-efgh")).isEqualTo(new PairingCode("ABCDEFGH"));
        assertThat(PairingCode.parse(" 0o1i l234 ")).isEqualTo(new PairingCode("00111234"));
        assertThat(PairingCode.parse("ABCDEFGH").display()).isEqualTo("ABCD-EFGH");
    }

    @Test
    void refusesTheWrongLengthAndLettersOutsideTheAlphabet() {
        assertThatThrownBy(() -> PairingCode.parse("ABC-DEF")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("8 characters");
        assertThatThrownBy(() -> PairingCode.parse("ABCD-EFGU")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void randomCodesUseTheAlphabetAndNeverShowInStrings() {
        PairingCode code = PairingCode.random(new SecureRandom());

        assertThat(code.value()).hasSize(8).matches("[0-9A-HJKMNP-TV-Z]{8}");
        assertThat(code.toString()).doesNotContain(code.value());
    }
}
