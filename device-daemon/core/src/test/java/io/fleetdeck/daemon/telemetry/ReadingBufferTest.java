package io.fleetdeck.daemon.telemetry;

import io.fleetdeck.model.Reading;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;

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

    @Test
    void aWakeEndsALingerWithWhatIsThere() throws Exception {
        ReadingBuffer buffer = new ReadingBuffer(100, "dev");
        buffer.accept(new Reading("s", 1, 1));
        CompletableFuture<List<Reading>> drained = CompletableFuture.supplyAsync(() -> {
            try {
                return buffer.drain(100, 600_000);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        // The drain may not have started waiting yet: wake until it returns (a wake before it starts is not kept).
        for (int i = 0; i < 1_000 && !drained.isDone(); i++) {
            buffer.wake();
            Thread.sleep(10);
        }
        assertThat(drained).as("the drain returned long before its ten-minute linger").isDone();
        assertThat(drained.get()).extracting(Reading::value).containsExactly(1.0);
        buffer.accept(new Reading("s", 2, 2));
        assertThat(buffer.drain(100, 10)).as("a later drain is not cut short by the earlier wake")
                .extracting(Reading::value).containsExactly(2.0);
    }
}
