package io.fleetdeck.console.look;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WindowPlacementTest {
    private static final WindowBounds LEFT = new WindowBounds(0, 0, 1920, 1080);
    private static final WindowBounds RIGHT = new WindowBounds(1920, 0, 2560, 1440);

    @Test
    void aWindowOnAScreenStaysWhereItWas() {
        WindowBounds saved = new WindowBounds(2100, 100, 1400, 900);
        assertThat(WindowPlacement.onScreens(saved, List.of(LEFT, RIGHT))).contains(saved);
    }

    @Test
    void aWindowLeftOnAMonitorThatIsGoneIsNotPlacedThere() {
        WindowBounds saved = new WindowBounds(2100, 100, 1400, 900);
        assertThat(WindowPlacement.onScreens(saved, List.of(LEFT))).isEmpty();
    }

    @Test
    void aWindowWhoseTitleBarIsAboveTheScreenIsNotPlacedThere() {
        assertThat(WindowPlacement.onScreens(new WindowBounds(100, -500, 1000, 700), List.of(LEFT))).isEmpty();
    }

    @Test
    void aWindowLargerThanItsScreenNowIsShrunkToFit() {
        assertThat(WindowPlacement.onScreens(new WindowBounds(10, 10, 2400, 1300), List.of(LEFT)))
                .contains(new WindowBounds(10, 10, 1920, 1080));
    }
}
