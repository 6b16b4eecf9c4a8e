package io.fleetdeck.daemon.agent;

import io.fleetdeck.model.Reading;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReadingBufferTest {
    @Test
    void dropsTheOldestBeyondCapacityAndCountsThem() throws Exception {
        ReadingBuffer buffer = new ReadingBuffer(3, "dev");
        for (int i = 1; i <= 5; i++) {
            buffer.accept(new Reading("s", i, i));
        }
        assertThat(buffer.takeDropped()).isEqualTo(2);
        assertThat(buffer.takeDropped()).isZero();
        assertThat(buffer.droppedTotal()).isEqualTo(2);
        assertThat(buffer.drain(10, 1)).extracting(Reading::value).containsExactly(3.0, 4.0, 5.0);
    }

    @Test
    void drainsAFullBatchWithoutWaitingForTheLinger() throws Exception {
        ReadingBuffer buffer = new ReadingBuffer(100, "dev");
        for (int i = 1; i <= 10; i++) {
            buffer.accept(new Reading("s", i, i));
        }
        assertThat(buffer.drain(4, 60_000)).hasSize(4);
        assertThat(buffer.size()).isEqualTo(6);
    }

    @Test
    void returnsWhatArrivedWhenTheLingerIsUp() throws Exception {
        ReadingBuffer buffer = new ReadingBuffer(100, "dev");
        assertThat(buffer.drain(4, 10)).isEmpty();
        buffer.accept(new Reading("s", 1, 1));
        assertThat(buffer.drain(4, 10)).hasSize(1);
    }
}
