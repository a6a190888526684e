package io.peershare.peer.swarm;

import io.peershare.protocol.api.Source;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RequestBookTest {

    private final SwarmSource a = new SwarmSource(new Source("a", "10.0.0.1", 7070));
    private final SwarmSource b = new SwarmSource(new Source("b", "10.0.0.2", 7070));
    private final RequestBook book = new RequestBook();

    @Test
    void shouldCountRequestsPerSourceAndPerPiece() {
        book.add(1, a, 0);
        book.add(2, a, 0);
        book.add(2, b, 0);

        assertThat(book.inFlight(a)).isEqualTo(2);
        assertThat(book.inFlight(b)).isEqualTo(1);
        assertThat(book.requesters(2)).isEqualTo(2);
        assertThat(book.isRequestedFrom(2, b)).isTrue();
        assertThat(book.isRequestedFrom(1, b)).isFalse();
        assertThat(book.pieces().stream().boxed()).containsExactly(1, 2);
    }

    @Test
    void shouldKeepAPieceInFlightUntilItsLastRequestIsAnswered() {
        book.add(2, a, 0);
        book.add(2, b, 0);

        assertThat(book.remove(2, a)).isTrue();
        assertThat(book.pieces().get(2)).isTrue();
        assertThat(book.remove(2, a)).isFalse();
        assertThat(book.remove(2, b)).isTrue();
        assertThat(book.pieces().get(2)).isFalse();
        assertThat(book.inFlight(a)).isZero();
    }

    @Test
    void shouldReleaseEveryRequestOfASourceThatWentAway() {
        book.add(1, a, 0);
        book.add(3, a, 0);
        book.add(3, b, 0);

        assertThat(book.removeAll(a)).containsExactly(1, 3);
        assertThat(book.inFlight(a)).isZero();
        assertThat(book.pieces().stream().boxed()).containsExactly(3);
        assertThat(book.requesters(3)).isEqualTo(1);
    }

    @Test
    void shouldRememberWhenAPieceWasFirstRequestedWhileItIsInFlight() {
        book.add(4, a, 100);
        book.add(4, b, 250);

        assertThat(book.oldestRequest(4)).isEqualTo(100);
        book.remove(4, a);
        assertThat(book.oldestRequest(4)).as("still in flight from b").isEqualTo(100);
        book.remove(4, b);
        assertThat(book.oldestRequest(4)).isEqualTo(Long.MAX_VALUE);
    }
}
