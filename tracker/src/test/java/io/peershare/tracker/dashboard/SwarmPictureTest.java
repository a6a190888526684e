package io.peershare.tracker.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.peershare.protocol.api.FileEntry;
import io.peershare.protocol.api.Flow;
import io.peershare.protocol.api.RegisterRequest;
import io.peershare.protocol.api.Transfer;
import io.peershare.tracker.MutableClock;
import io.peershare.tracker.registry.InMemoryRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SwarmPictureTest {

    private static final String SHA = "b".repeat(64);
    private static final String OTHER = "c".repeat(64);

    private final MutableClock clock = new MutableClock();
    private final InMemoryRegistry registry = new InMemoryRegistry(clock, Duration.ofSeconds(5), Duration.ofSeconds(15),
            Duration.ofMinutes(10), 100, 20_000);
    private final LiveTransfers transfers = new LiveTransfers(clock, Duration.ofSeconds(10), 2000);
    private final SwarmPicture picture = new SwarmPicture(registry, transfers, clock,
            new SwarmPicture.Limits(20, 40, 16, 64));

    private void seed(String hostname, String name, String sha256) {
        String token = registry.register(new RegisterRequest(hostname, "10.0.0.1", 7070, null)).token();
        registry.addFiles(hostname, token, List.of(new FileEntry(name, 8192, sha256)));
    }

    @Test
    void shouldGroupFetchesByContentWithTheRegistrysSeedsAndTheFlows() {
        seed("seed1", "movie.mkv", SHA);
        seed("seed2", "movie.mkv", SHA);
        seed("done1", "movie.mkv", SHA); // a fetcher that finished and re-announced: shown as a fetcher, not a seed
        transfers.record("f1", Reports.report(Reports.downloading("1", "movie.mkv", SHA, 8, 4,
                new Flow("seed1", 2048, 1000), new Flow("seed2", 2048, 500))));
        transfers.record("done1", Reports.report(new Transfer("7", "movie.mkv", SHA, 8192, 8, "DONE", 8, 8192,
                Reports.bitfield(8, 8), List.of(new Flow("seed1", 8192, 0)))));

        Snapshot snapshot = picture.snapshot();

        assertThat(snapshot.swarms()).hasSize(1);
        Snapshot.Swarm swarm = snapshot.swarms().getFirst();
        assertThat(swarm.key()).isEqualTo(SHA);
        assertThat(swarm.fetchers()).extracting(Snapshot.Fetcher::hostname, Snapshot.Fetcher::state, Snapshot.Fetcher::cells)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("f1", "DOWNLOADING", "99990000"),
                        org.assertj.core.groups.Tuple.tuple("done1", "DONE", "99999999"));
        assertThat(swarm.seeds()).containsExactly("seed1", "seed2");
        assertThat(swarm.moreSeeds()).isZero();
        assertThat(swarm.flows()).containsExactly(new Snapshot.Edge("seed1", "f1", 1000),
                new Snapshot.Edge("seed2", "f1", 500), new Snapshot.Edge("seed1", "done1", 0));
        assertThat(snapshot.summary().fetches()).isEqualTo(1);
        assertThat(snapshot.summary().bytesPerSecond()).isEqualTo(1500);
        assertThat(snapshot.summary().peers()).isEqualTo(3);
    }

    @Test
    void shouldKeyAFetchWithoutAHashByNameAndShowNoSeedsWhenNobodyHoldsIt() {
        transfers.record("f1", Reports.report(new Transfer("1", "new.iso", null, -1, -1, "LOCATING", 0, 0, null, List.of())));

        Snapshot.Swarm swarm = picture.snapshot().swarms().getFirst();

        assertThat(swarm.key()).isEqualTo("new.iso");
        assertThat(swarm.seeds()).isEmpty();
        assertThat(swarm.fetchers().getFirst().cells()).isNull();
    }

    @Test
    void shouldCapSwarmsFetchersSeedsAndFlowsAndCountTheRest() {
        for (int i = 0; i < 30; i++) {
            seed("seed" + i, "big.bin", SHA);
        }
        for (int i = 0; i < 50; i++) {
            List<Flow> flows = new ArrayList<>();
            for (int s = 0; s < 3; s++) {
                flows.add(new Flow("seed" + s, 100, 10 + i));
            }
            transfers.record("f" + i, Reports.report(Reports.downloading("1", "big.bin", SHA, 1000, i, flows.toArray(Flow[]::new)),
                    Reports.downloading("2", "other" + i + ".bin", OTHER.substring(0, 62) + String.format("%02d", i), 10, 1)));
        }

        Snapshot snapshot = picture.snapshot();

        assertThat(snapshot.swarms()).hasSize(20);
        assertThat(snapshot.moreSwarms()).isEqualTo(31);
        Snapshot.Swarm big = snapshot.swarms().getFirst(); // the only one with bytes flowing: the most active
        assertThat(big.key()).isEqualTo(SHA);
        assertThat(big.fetchers()).hasSize(40);
        assertThat(big.moreFetchers()).isEqualTo(10);
        assertThat(big.fetchers().getFirst().hostname()).isEqualTo("f49"); // the fastest first
        assertThat(big.seeds()).hasSize(16);
        assertThat(big.moreSeeds()).isEqualTo(14);
        assertThat(big.flows()).hasSize(64);
        assertThat(big.moreFlows()).isEqualTo(150 - 64);
    }

    @Test
    void shouldStaySmallWithTenThousandPeersAndMoreReportersThanItKeeps() throws Exception {
        for (int i = 0; i < 10_000; i++) {
            seed("peer" + i, "file" + (i % 50) + ".bin", String.format("%064x", i % 50));
        }
        for (int i = 0; i < 2_500; i++) {
            List<Flow> flows = new ArrayList<>();
            for (int s = 0; s < 8; s++) {
                flows.add(new Flow("peer" + ((i + s * 50) % 10_000), 1 << 20, 1000 + i));
            }
            transfers.record("fetcher" + i, Reports.report(Reports.downloading("1", "file" + (i % 50) + ".bin",
                    String.format("%064x", i % 50), 65_536, i * 20, flows.toArray(Flow[]::new))));
        }

        Snapshot snapshot = picture.snapshot();
        byte[] json = new ObjectMapper().registerModule(new JavaTimeModule()).writeValueAsBytes(snapshot);

        assertThat(snapshot.summary().peers()).isEqualTo(10_000);
        assertThat(snapshot.summary().reporters()).isEqualTo(2_000);
        assertThat(snapshot.swarms()).hasSize(20);
        assertThat(snapshot.swarms()).allSatisfy(swarm -> {
            assertThat(swarm.fetchers()).hasSizeLessThanOrEqualTo(40);
            assertThat(swarm.seeds()).hasSizeLessThanOrEqualTo(16);
            assertThat(swarm.fetchers()).allSatisfy(f -> assertThat(f.cells()).hasSize(PieceCells.MAX_CELLS));
        });
        assertThat(json.length).isLessThan(512 * 1024);
    }
}
