package io.fleetdeck.console.broker.auth;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PasswordHashTest {
    /** Made by {@code mosquitto_passwd -c -b pw alice s3cret} (Mosquitto 2.0.11). */
    private static final String FROM_MOSQUITTO_PASSWD = "$7$101$wcTX3g1Fdtk+6EBb$TDGUNARCDeIJGkqplZw6jvd2BelgZFToi2rDQN0"
            + "LfEaL279WXBJlEp4HvHxA61CNzVQy+k7ni1Jzugti6sPOjQ==";

    @Test
    void verifiesAHashMadeByMosquittoPasswd() {
        PasswordHash hash = PasswordHash.parse(FROM_MOSQUITTO_PASSWD);

        assertThat(hash.matches("s3cret")).isTrue();
        assertThat(hash.matches("s3cret ")).isFalse();
        assertThat(hash.encoded()).isEqualTo(FROM_MOSQUITTO_PASSWD);
    }

    @Test
    void hashesWithAFreshSaltEachTime() {
        SecureRandom random = new SecureRandom();
        PasswordHash first = PasswordHash.of("pw", random);
        PasswordHash second = PasswordHash.of("pw", random);

        assertThat(first).isNotEqualTo(second);
        assertThat(PasswordHash.parse(first.encoded()).matches("pw")).isTrue();
        assertThat(first.toString()).doesNotContain(first.encoded());
    }

    @Test
    void refusesOtherFormats() {
        assertThatThrownBy(() -> PasswordHash.parse("$6$abc$def")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("$7$");
        assertThatThrownBy(() -> PasswordHash.parse("plain")).isInstanceOf(IllegalArgumentException.class);
    }
}
