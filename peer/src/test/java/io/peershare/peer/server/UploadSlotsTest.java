package io.peershare.peer.server;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class UploadSlotsTest {

    @Test
    void shouldGiveAFreedSlotToTheGetThatWaitedRatherThanToTheOneThatJustFinished() throws Exception {
        UploadSlots slots = new UploadSlots(1, Duration.ofMillis(500), Duration.ofSeconds(2));
        assertThat(slots.acquire()).isTrue(); // this connection sends a piece
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> {
            boolean got = slots.acquire(); // another client's GET waits for the slot
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (got) {
                slots.release();
            }
            return got;
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> slots.hasQueuedGets());

        slots.release(); // the piece is sent; this connection's next pipelined GET comes at once...
        CompletableFuture<Boolean> next = CompletableFuture.supplyAsync(slots::acquire);

        assertThat(waiting.getNow(null)).isNull(); // ...but the slot went to the one that waited
        await().atMost(Duration.ofSeconds(5)).until(() -> slots.inUse() == 1 && !next.isDone());
        release.countDown();
        assertThat(waiting.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(next.get(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void shouldSayRetryLaterWhenNoSlotFreesWithinTheQueueWait() {
        UploadSlots slots = new UploadSlots(2, Duration.ofMillis(400), Duration.ofMillis(50));
        assertThat(slots.acquire()).isTrue();
        assertThat(slots.acquire()).isTrue();

        assertThat(slots.acquire()).isFalse();
        assertThat(slots.retryAfterMillis()).isBetween(400L, 600L);
        slots.release();
        assertThat(slots.acquire()).isTrue();
    }
}
