package io.fleetdeck.model;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GpioWriteTest {
    private final PayloadCodec codec = new PayloadCodec();

    @Test
    void readsBackWhatItWrites() throws Exception {
        GpioWrite write = new GpioWrite(17, true);
        CommandRequest request = codec.decodeCommand(codec.encode(write.toRequest()));
        assertThat(request.args()).isEqualTo(Map.of("pin", "17", "level", "high"));
        assertThat(GpioWrite.from(request)).isEqualTo(write);
    }

    @Test
    void refusesMissingUnknownAndInvalidArguments() {
        assertThatThrownBy(() -> GpioWrite.from(new CommandRequest(Map.of("pin", "17"))))
                .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("[level, pin]");
        assertThatThrownBy(() -> GpioWrite.from(new CommandRequest(Map.of("pin", "17", "level", "on"))))
                .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("high or low");
        assertThatThrownBy(() -> GpioWrite.from(new CommandRequest(Map.of("pin", "54", "level", "low"))))
                .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("0..53");
        assertThatThrownBy(() -> GpioWrite.from(new CommandRequest(Map.of("pin", "x", "level", "low"))))
                .isInstanceOf(MalformedPayloadException.class);
    }

    @Test
    void gpioStateTravelsAsStrictJson() throws Exception {
        GpioState state = new GpioState(List.of(new GpioPin(17, GpioDirection.OUTPUT, true),
                new GpioPin(22, GpioDirection.INPUT, false)), 1234L);
        byte[] json = codec.encode(state);
        assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo("{\"v\":1,\"pins\":[{\"pin\":17,\"direction\":"
                + "\"OUTPUT\",\"high\":true},{\"pin\":22,\"direction\":\"INPUT\",\"high\":false}],\"ts\":1234}");
        assertThat(codec.decodeGpio(json)).isEqualTo(state);
        assertThat(state.pin(22)).contains(new GpioPin(22, GpioDirection.INPUT, false));
        assertThatThrownBy(() -> codec.decodeGpio("{\"v\":1,\"pins\":[{\"pin\":17,\"direction\":\"OUTPUT\",\"high\":1}],\"ts\":1}"
                .getBytes(StandardCharsets.UTF_8))).isInstanceOf(MalformedPayloadException.class);
        assertThatThrownBy(() -> new GpioState(List.of(new GpioPin(17, GpioDirection.OUTPUT, true),
                new GpioPin(17, GpioDirection.INPUT, true)), 1)).hasMessageContaining("twice");
    }

    @Test
    void refusalCarriesItsCodeAndPin() {
        CommandResponse answer = GpioRefusal.NOT_AN_OUTPUT.answer("GPIO 22 is an input", 22);
        assertThat(answer.ok()).isFalse();
        assertThat(answer.message()).isEqualTo("NOT_AN_OUTPUT: GPIO 22 is an input");
        assertThat(answer.data()).isEqualTo(Map.of("reason", "NOT_AN_OUTPUT", "pin", "22"));
        assertThat(Commands.SIGNED).contains(Commands.GPIO);
    }
}
