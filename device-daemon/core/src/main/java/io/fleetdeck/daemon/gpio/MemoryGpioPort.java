package io.fleetdeck.daemon.gpio;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;

/**
 * Pins in memory, all low at first: what the simulator's devices and the tests drive. An output may be wired to an
 * input (a jumper on a bench), so driving it moves the input too, as a console would see on a real board.
 */
public final class MemoryGpioPort implements GpioPort {
    private final Map<Integer, Boolean> levels = new ConcurrentHashMap<>();
    private final Map<Integer, Integer> jumpers = new ConcurrentHashMap<>();
    private volatile IntConsumer listener = pin -> { };

    /** A jumper from {@code output} to {@code input}: the input follows whatever the output is driven to. */
    public MemoryGpioPort wire(int output, int input) {
        jumpers.put(output, input);
        return this;
    }

    /** Sets an input's level from outside, as a button or sensor would, and tells the listener. */
    public void setInput(int pin, boolean high) {
        Boolean before = levels.put(pin, high);
        if (before == null ? high : before != high) {
            listener.accept(pin);
        }
    }

    @Override
    public boolean read(int pin) {
        return levels.getOrDefault(pin, false);
    }

    @Override
    public void write(int pin, boolean high) {
        levels.put(pin, high);
        Integer input = jumpers.get(pin);
        if (input != null) {
            setInput(input, high);
        }
    }

    @Override
    public void onInputChange(IntConsumer listener) {
        this.listener = listener;
    }
}
