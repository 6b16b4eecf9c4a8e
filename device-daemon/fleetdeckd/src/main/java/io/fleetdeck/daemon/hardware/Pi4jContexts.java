package io.fleetdeck.daemon.hardware;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import com.pi4j.plugin.mock.provider.i2c.MockI2CProvider;

/**
 * Builds the Pi4J context. {@code auto} lets Pi4J pick the platform from the plugins on the class path (on a Pi with
 * the gpiod/linuxfs plugins installed, the real hardware); {@code mock} always uses the in-memory mock platform so GPIO
 * and I²C code runs on any machine and in tests.
 */
public final class Pi4jContexts {
    private Pi4jContexts() {
    }

    public static Context mock() {
        return Pi4J.newContextBuilder()
                .add(new MockPlatform())
                .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance(),
                        MockI2CProvider.newInstance())
                .build();
    }

    public static Context auto() {
        return Pi4J.newAutoContext();
    }

    /** {@code "mock"} or {@code "auto"}, as written in the config file. */
    public static Context forPlatform(String platform) {
        return switch (platform) {
            case "mock" -> mock();
            case "auto" -> auto();
            default -> throw new IllegalArgumentException("unknown GPIO platform \"" + platform + "\": auto or mock");
        };
    }
}
