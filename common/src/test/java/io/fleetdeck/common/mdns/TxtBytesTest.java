package io.fleetdeck.common.mdns;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TxtBytesTest {

    private static byte[] wire(byte[]... strings) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] s : strings) {
            out.write(s.length);
            out.writeBytes(s);
        }
        return out.toByteArray();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void firstOccurrenceOfAKeyWinsAndKeysAreCaseInsensitive() {
        Map<String, byte[]> txt = TxtBytes.parse(wire(b("ID=first"), b("id=second"), b("flag")));
        assertThat(txt.get("id")).isEqualTo(b("first"));
        assertThat(txt.get("flag")).isEmpty();
    }

    @Test
    void valuesStayBytesAndBadKeysAreSkipped() {
        Map<String, byte[]> txt = TxtBytes.parse(wire(new byte[]{'m', '=', (byte) 0xff}, new byte[]{(byte) 0xc3, '=', 'x'},
                b("=nokey")));
        assertThat(txt).containsOnlyKeys("m");
        assertThat(txt.get("m")).containsExactly((byte) 0xff);
    }

    @Test
    void aTruncatedRecordKeepsWhatWasWhole() {
        byte[] whole = wire(b("a=1"));
        byte[] truncated = new byte[whole.length + 2];
        System.arraycopy(whole, 0, truncated, 0, whole.length);
        truncated[whole.length] = 40;
        assertThat(TxtBytes.parse(truncated)).containsOnlyKeys("a");
    }

    @Test
    void emptyMeansNotYetPresent() {
        assertThat(TxtBytes.present(new byte[0])).isFalse();
        assertThat(TxtBytes.present(new byte[]{0})).isFalse();
        assertThat(TxtBytes.present(wire(b("a=1")))).isTrue();
    }
}
