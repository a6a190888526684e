package io.peershare.tracker.registry;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The holder set against a HashSet, through growth, removals (backward shifts) and shrinking. */
class HostSetTest {

    /** One cell per hostname, as the peer table keeps them. */
    private final Map<String, PeerCell> cells = new HashMap<>();

    private PeerCell cell(String host) {
        return cells.computeIfAbsent(host, PeerCell::new);
    }

    @Test
    void shouldHoldExactlyWhatAHashSetHolds() {
        Random random = new Random(3);
        HostSet set = new HostSet();
        Set<PeerCell> expected = new HashSet<>();
        for (int i = 0; i < 50_000; i++) {
            PeerCell host = cell("h" + random.nextInt(i < 25_000 ? 5_000 : 300)); // grow big, then shrink back
            boolean add = i < 25_000 ? random.nextInt(4) > 0 : random.nextInt(4) == 0;
            assertThat(add ? set.add(host) : set.remove(host)).isEqualTo(add ? expected.add(host) : expected.remove(host));
            if (i % 997 == 0) {
                Set<PeerCell> members = new HashSet<>();
                set.forEach(members::add);
                assertThat(members).isEqualTo(expected);
                assertThat(set.size()).isEqualTo(expected.size());
                expected.forEach(h -> assertThat(set.contains(h)).isTrue());
            }
        }
        assertThat(set.capacity()).isLessThanOrEqualTo(Math.max(2, expected.size() * 8));
    }

    @Test
    void shouldTellApartTwoCellsOfOneHostname() {
        // a hostname removed and registered again gets a new cell: the old one must not stand for it
        HostSet set = new HostSet();
        PeerCell old = new PeerCell("again");
        PeerCell fresh = new PeerCell("again");
        assertThat(set.add(old)).isTrue();
        assertThat(set.contains(fresh)).isFalse();
        assertThat(set.remove(fresh)).isFalse();
        assertThat(set.remove(old)).isTrue();
        assertThat(set.size()).isZero();
    }

    @Test
    void shouldDrawEveryMemberAboutEquallyOften() {
        HostSet set = new HostSet();
        for (int i = 0; i < 10; i++) {
            set.add(cell("h" + i));
        }
        Random random = new Random(9);
        Map<String, Integer> drawn = new HashMap<>();
        for (int i = 0; i < 20_000; i++) {
            drawn.merge(set.at(set.randomSlot(random)).hostname, 1, Integer::sum);
        }
        assertThat(drawn).hasSize(10);
        assertThat(drawn.values()).allSatisfy(n -> assertThat(n).isBetween(1_600, 2_400));
        assertThat(new HostSet().randomSlot(random)).isEqualTo(-1);
    }
}
