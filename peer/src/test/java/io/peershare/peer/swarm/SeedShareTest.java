package io.peershare.peer.swarm;

import io.peershare.protocol.api.Source;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SeedShareTest {

    private static final int PIECES = 12;

    private static SwarmSource source(String name, int fromPiece, int toPiece) {
        SwarmSource source = new SwarmSource(new Source(name, "10.0.0.1", 7070));
        source.state = SwarmSource.State.ACTIVE;
        source.holds = new BitSet(PIECES);
        source.holds.set(fromPiece, toPiece);
        return source;
    }

    private static BitSet all() {
        BitSet wanted = new BitSet(PIECES);
        wanted.set(0, PIECES);
        return wanted;
    }

    @Test
    void shouldAskTheSeedOnlyForItsOwnStretchOfWhatNoFetcherHolds() {
        SwarmSource seed = source("seed", 0, PIECES);
        SwarmSource alpha = source("alpha", 0, 1);
        SwarmSource zulu = source("zulu", 11, 12);
        int[] availability = {2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2};
        BitSet wanted = all();

        // "aardvark" is the first of aardvark, alpha, zulu: pieces 0-3 of 12, less piece 0, which alpha holds.
        SeedShare.restrict(wanted, List.of(seed, alpha, zulu), availability, PIECES, "aardvark", false);

        assertThat(wanted.stream().boxed().toList()).containsExactly(1, 2, 3);
    }

    @Test
    void shouldWaitForTheOthersStretchesUnlessStuck() {
        List<SwarmSource> sources = List.of(source("seed", 0, PIECES), source("alpha", 0, 1), source("zulu", 11, 12));
        int[] availability = new int[PIECES];
        Arrays.fill(availability, 1);
        BitSet othersOnly = new BitSet(PIECES);
        othersOnly.set(0, 4); // its own stretch (4-7) is done; alpha's is not

        BitSet patient = (BitSet) othersOnly.clone();
        SeedShare.restrict(patient, sources, availability, PIECES, "me", false);
        BitSet stuck = (BitSet) othersOnly.clone();
        SeedShare.restrict(stuck, sources, availability, PIECES, "me", true);

        assertThat(patient.isEmpty()).isTrue();
        assertThat(stuck).isEqualTo(othersOnly);
    }

    @Test
    void shouldLeaveEverythingWhenFewerThanTwoFetchersServe() {
        List<SwarmSource> sources = List.of(source("seed", 0, PIECES), source("alpha", 0, 6));
        int[] availability = new int[PIECES];
        Arrays.fill(availability, 2);
        BitSet wanted = all();

        SeedShare.restrict(wanted, sources, availability, PIECES, "me", false);

        assertThat(wanted).isEqualTo(all());
    }
}
