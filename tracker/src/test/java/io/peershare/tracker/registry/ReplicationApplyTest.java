package io.peershare.tracker.registry;

import io.peershare.protocol.api.FileEntry;
import io.peershare.protocol.api.FileSources;
import io.peershare.protocol.api.PeerView;
import io.peershare.tracker.MutableClock;
import io.peershare.tracker.registry.ViewUpdates.PeerState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The view's side of replication: events applied late, twice or out of order change nothing they should not. */
class ReplicationApplyTest {

    static final String SHA = "a".repeat(64);
    final MutableClock clock = new MutableClock();
    final InMemoryRegistry view = new InMemoryRegistry(clock, Duration.ofSeconds(5), Duration.ofSeconds(15),
            Duration.ofMinutes(10), Integer.MAX_VALUE, Integer.MAX_VALUE);

    PeerState state(String file, Instant lastSeen) {
        return new PeerState("p1", "10.0.0.1", 7070, "digest", clock.instant(), lastSeen,
                List.of(new FileEntry(file, 1, SHA)));
    }

    @Test
    void shouldIgnoreAnOlderPutArrivingAfterANewerOne() {
        view.updates().applyState(2, state("new.iso", clock.instant()));
        view.updates().applyState(2, state("new.iso", clock.instant())); // twice: harmless
        view.updates().applyState(1, state("old.iso", clock.instant()));

        assertThat(view.files("p1").orElseThrow()).extracting(FileEntry::name).containsExactly("new.iso");
        assertThat(view.sources("new.iso", null)).extracting(FileSources::completeSources).containsExactly(1);
        assertThat(view.findFiles("old.iso")).isEmpty();
        assertThat(view.size()).isEqualTo(1);
    }

    @Test
    void shouldNotReviveARemovedPeerWithALatePutUntilTheRemovalIsForgotten() {
        view.updates().applyState(1, state("a.iso", clock.instant()));
        view.updates().applyRemoval(3, "p1");
        view.updates().applyState(2, state("a.iso", clock.instant()));

        assertThat(view.peer("p1")).isEmpty();
        assertThat(view.size()).isZero();

        view.updates().forgetRemovalsUpTo(3);
        view.updates().applyState(4, state("b.iso", clock.instant())); // registered again
        assertThat(view.files("p1").orElseThrow()).extracting(FileEntry::name).containsExactly("b.iso");
    }

    @Test
    void shouldMoveLastSeenOnlyForward() {
        Instant start = clock.instant();
        view.updates().applyState(1, state("a.iso", start));
        view.updates().applySeen("p1", start.plusSeconds(10));
        view.updates().applySeen("p1", start.plusSeconds(5));
        view.updates().applyState(2, state("b.iso", start.plusSeconds(1))); // a put written before the newest heartbeat
        view.updates().applySeen("ghost", start); // unknown: ignored

        assertThat(view.peer("p1")).map(PeerView::lastSeen).contains(start.plusSeconds(10));
        assertThat(view.peers()).hasSize(1);
    }
}
