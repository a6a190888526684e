package io.peershare.peer.fetch;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.peershare.peer.PeerMetrics;
import io.peershare.peer.repository.FileHasher;
import io.peershare.peer.repository.ManifestStore;
import io.peershare.peer.repository.Repository;
import io.peershare.peer.server.FileServer;
import io.peershare.peer.server.ServerSettings;
import io.peershare.peer.swarm.PartialFiles;
import io.peershare.peer.swarm.PieceBuffers;
import io.peershare.peer.swarm.PieceVerifier;
import io.peershare.peer.swarm.SwarmSettings;
import io.peershare.peer.testing.FakeSource;
import io.peershare.peer.testing.FakeTracker;
import io.peershare.peer.testing.TestFiles;
import io.peershare.peer.tracker.TrackerClient;
import io.peershare.protocol.PieceHasher;
import io.peershare.protocol.PieceManifest;
import io.peershare.protocol.Sha256;
import io.peershare.protocol.api.FileSources;
import io.peershare.protocol.api.Source;
import io.peershare.protocol.wire.WireLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Swarm fetches against real peers (a FileServer on a repository) and scripted hostile ones ({@link FakeSource}):
 * pieces from many sources, corrupt pieces caught and their source banned, dead, silent and trickling sources
 * dropped, lying manifests refused, resume, a full disk. Assertions count pieces, not time.
 */
class FetcherTest {

    static final int PIECES = 9;

    @TempDir
    Path dir;
    FakeTracker tracker;
    Repository mine;
    Fetcher fetcher;
    PieceVerifier verifier;
    byte[] content;
    Sha256 sha;
    PieceManifest manifest;
    final List<AutoCloseable> closing = new ArrayList<>();
    /** What this peer's fetcher counts, and what the real peers' file servers count (all of them together). */
    final SimpleMeterRegistry fetching = new SimpleMeterRegistry();
    final SimpleMeterRegistry serving = new SimpleMeterRegistry();
    final PeerMetrics servingMetrics = new PeerMetrics(serving);

    @BeforeEach
    void setUp() throws IOException {
        tracker = new FakeTracker();
        mine = Repository.open(dir.resolve("mine"), new FileHasher());
        verifier = new PieceVerifier(2, 16);
        fetcher = fetcher(Duration.ofSeconds(5));
        content = Files.readAllBytes(TestFiles.random(dir.resolve("cat.png"), (PIECES - 1) * (long) WireLimits.PIECE_SIZE + 17, 42));
        sha = TestFiles.sha256(content);
        manifest = PieceHasher.of(content).manifest();
    }

    private Fetcher fetcher(Duration idleTimeout) {
        return fetcher(new SwarmSettings(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(2),
                idleTimeout, Duration.ofMillis(500), 16, "test"));
    }

    private Fetcher fetcher(SwarmSettings swarm) {
        return new Fetcher(mine, new TrackerClient(tracker.url(), Duration.ofSeconds(1), Duration.ofSeconds(5)),
                new FetchSettings(2, swarm, "me", "127.0.0.1", () -> 1), new PartialFiles(), verifier,
                new PieceBuffers(WireLimits.PIECE_SIZE, 16), new PeerMetrics(fetching));
    }

    @AfterEach
    void tearDown() throws Exception {
        fetcher.close();
        for (AutoCloseable c : closing) {
            c.close();
        }
        verifier.close();
        tracker.close();
    }

    /** A real peer: its own repository holding cat.png, served by a real FileServer. */
    private Source realPeer(String host) throws IOException {
        Repository repository = Repository.open(dir.resolve(host), new FileHasher());
        repository.publish(dir.resolve("cat.png"), "cat.png", false);
        FileServer server = new FileServer(repository, new PartialFiles(),
                ServerSettings.of("127.0.0.1", 0, 8, Duration.ofSeconds(5)), servingMetrics);
        server.start();
        closing.add(server);
        return new Source(host, "127.0.0.1", server.port());
    }

    private FakeSource fake() throws IOException {
        FakeSource source = new FakeSource("cat.png", content, sha);
        closing.add(source);
        return source;
    }

    private static Source at(String host, FakeSource source) {
        return new Source(host, "127.0.0.1", source.port());
    }

    private static Source partial(String host, FakeSource source) {
        return new Source(host, "127.0.0.1", source.port(), true);
    }

    private void offer(Source... sources) {
        tracker.sources.put("cat.png", List.of(group(manifest.root(), sources)));
    }

    private FileSources group(Sha256 root, Source... sources) {
        int partials = (int) List.of(sources).stream().filter(Source::partial).count();
        return new FileSources("cat.png", content.length, sha.hex(), root.hex(), sources.length - partials, partials,
                List.of(sources));
    }

    private void assertCommittedVerified(FetchProgress result) throws IOException {
        assertThat(result.state()).as(result.message()).isEqualTo(FetchState.DONE);
        assertThat(result.message()).contains("verified");
        assertThat(Files.readAllBytes(mine.root().resolve("cat.png"))).isEqualTo(content);
        assertThat(mine.entry("cat.png").orElseThrow().sha256()).isEqualTo(sha);
        assertThat(mine.entry("cat.png").orElseThrow().manifest()).isEqualTo(manifest.root());
        assertNoPartialData();
    }

    private void assertNoPartialData() throws IOException {
        try (var files = Files.list(mine.partialFolder())) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void shouldFetchEveryPieceFromARealPeerAndCommitVerified() throws IOException {
        offer(realPeer("p1"));

        FetchProgress result = fetcher.fetchNow("cat.png", null);

        assertCommittedVerified(result);
        assertThat(result.message()).contains("from 1 source (p1 8.0 MiB)");
        assertThat(result.piecesDone()).isEqualTo(PIECES);
        assertThat(result.bytesBySource()).containsEntry("p1", (long) content.length);
    }

    /** The peer metrics (docs/metrics.md) of a real transfer: bytes on both sides, one fetch timed, none left running. */
    @Test
    void shouldCountTheBytesOfARealTransferOnBothSides() throws IOException {
        fetcher.close();
        // Deadlines no busy machine reaches: a dropped and re-asked piece would be counted twice, rightly.
        Duration generous = Duration.ofSeconds(60);
        fetcher = fetcher(new SwarmSettings(Duration.ofSeconds(5), generous, generous, generous, Duration.ofMillis(500),
                16, "test"));
        offer(realPeer("p1"));

        FetchProgress result = fetcher.fetchNow("cat.png", null);

        assertCommittedVerified(result);
        assertThat(serving.get("peershare.peer.served").counter().count()).isEqualTo(content.length);
        assertThat(fetching.get("peershare.peer.received").counter().count()).isEqualTo(content.length);
        assertThat(fetching.get("peershare.peer.fetch.duration").tag("outcome", "done").timer().count()).isEqualTo(1);
        assertThat(fetching.get("peershare.peer.fetch.duration").tag("outcome", "failed").timer().count()).isZero();
        assertThat(fetching.get("peershare.peer.fetches.running").gauge().value()).isZero();
        assertThat(fetching.get("peershare.peer.pieces.rejected").counter().count()).isZero();
        assertThat(fetching.get("peershare.peer.sources.banned").counter().count()).isZero();
        assertThat(serving.get("peershare.peer.uploads.running").gauge().value()).isZero();
    }

    @Test
    void shouldTakePiecesFromEverySource() throws IOException {
        FakeSource a = fake();
        FakeSource b = fake();
        FakeSource c = fake();
        offer(at("a", a), at("b", b), at("c", c));

        FetchProgress result = fetcher.fetchNow("cat.png", null);

        assertCommittedVerified(result);
        assertThat(List.of(a, b, c)).allSatisfy(s -> assertThat(s.totalPiecesSent()).isPositive());
        assertThat(result.bytesBySource().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(content.length);
    }

    @Test
    void shouldBanASourceWhosePieceFailsItsHashAndFetchThatPieceElsewhere() throws IOException {
        FakeSource liar = fake().corruptPiece(3);
        FakeSource good = fake().slowStart(500); // the liar is asked for every piece first
        offer(at("liar", liar), at("good", good));

        FetchProgress result = fetcher.fetchNow("cat.png", null);

        assertCommittedVerified(result);
        assertThat(result.message()).contains("banned for this file: liar (piece 3 failed its SHA-256 check)");
        assertThat(result.banned()).containsExactly("liar (piece 3 failed its SHA-256 check)");
        assertThat(good.timesSent(3)).isEqualTo(1);
        assertThat(fetching.get("peershare.peer.pieces.rejected").counter().count()).isEqualTo(1);
        assertThat(fetching.get("peershare.peer.sources.banned").counter().count()).isEqualTo(1);
    }

    @Test
    void shouldMoveTheWorkOfASourceThatDiesMidTransfer() throws IOException {
        FakeSource dying = fake().cutAfter(WireLimits.PIECE_SIZE + 100_000);
        FakeSource backup = fake();
        offer(at("dying", dying), at("backup", backup));

        FetchProgress result = fetcher.fetchNow("cat.png", null);

        assertCommittedVerified(result);
        assertThat(dying.totalPiecesSent() + backup.totalPiecesSent()).isBetween(PIECES, PIECES + 2);
    }

    @Test
    void shouldDropASilentSourceAndMoveItsWork() throws IOException {
        FakeSource hung = fake().cutAfter(500_000).stall();
        FakeSource backup = fake();
        offer(at("hung", hung), at("backup", backup));

        FetchProgress result = fetcher.fetchNow("cat.png", null);

        assertCommittedVerified(result);
        assertThat(hung.totalPiecesSent()).isZero();
        assertThat(backup.totalPiecesSent()).isBetween(PIECES, PIECES + 2);
    }

    @Test
    void shouldDropATricklingSourceAfterThePieceTimeout() throws IOException {
        FakeSource trickler = fake().trickle(20);
        FakeSource backup = fake();
        offer(at("trickler", trickler), at("backup", backup));

        FetchProgress result = fetcher.fetchNow("cat.png", null);

        assertCommittedVerified(result);
        assertThat(trickler.totalPiecesSent()).isZero();
    }

    @Test
    void shouldFailWithoutAVisibleFileWhenEveryCopyIsCorrupt() throws IOException {
        FakeSource liar = fake();
        for (int piece = 0; piece < PIECES; piece++) {
            liar.corruptPiece(piece);
        }
        offer(at("liar", liar));

        FetchProgress result = fetcher.fetchNow("cat.png", null);

        assertThat(result.state()).isEqualTo(FetchState.FAILED);
        assertThat(result.message()).contains("could not fetch cat.png").contains("liar (piece")
                .contains("failed its SHA-256 check");
        assertThat(mine.root().resolve("cat.png")).doesNotExist();
        assertThat(mine.entry("cat.png")).isEmpty();
    }

    @Test
    void shouldRefuseAManifestThatIsNotTheTrackersAndBanItsSender() throws IOException {
        byte[] other = content.clone();
        other[5] ^= 1;
        FakeSource liar = fake().lyingManifest(PieceHasher.of(other).manifest());
        offer(at("liar", liar));

        FetchProgress alone = fetcher.fetchNow("cat.png", null);

        assertThat(alone.state()).isEqualTo(FetchState.FAILED);
        assertThat(alone.message()).contains("no source sent its piece manifest")
                .contains("liar: sent a piece manifest that is not the one the tracker holds for this file");
        assertThat(liar.totalPiecesSent()).isZero();

        offer(at("liar", liar), realPeer("good"));
        assertCommittedVerified(fetcher.fetchNow("cat.png", null));
    }

    @Test
    void shouldTryTheNextGroupWhenThePiecesOfTheMajorityManifestDoNotMakeTheFile() throws IOException {
        // Two consistent liars: they announce the real sha256 with the manifest of other bytes, and serve those bytes.
        byte[] other = content.clone();
        other[WireLimits.PIECE_SIZE + 5] ^= 1;
        PieceManifest otherManifest = PieceHasher.of(other).manifest();
        FakeSource liar1 = new FakeSource("cat.png", other, sha);
        FakeSource liar2 = new FakeSource("cat.png", other, sha);
        closing.add(liar1);
        closing.add(liar2);
        Source honest = realPeer("honest");
        tracker.sources.put("cat.png", List.of(group(otherManifest.root(), at("liar1", liar1), at("liar2", liar2)),
                group(manifest.root(), honest)));

        FetchProgress result = fetcher.fetchNow("cat.png", null);

        assertCommittedVerified(result);
        assertThat(result.message()).contains("liar1 (gave pieces of a manifest that does not make the file)")
                .contains("liar2 (gave pieces of a manifest that does not make the file)");
    }

    @Test
    void shouldResumeFromTheVerifiedPiecesOnDiskAfterAFailedFetch() throws IOException {
        fetcher.close();
        fetcher = fetcher(Duration.ofSeconds(3));
        FakeSource dying = fake().cutAfter(4L * WireLimits.PIECE_SIZE + 1000);
        offer(at("dying", dying));

        FetchProgress first = fetcher.fetchNow("cat.png", null);

        assertThat(first.state()).isEqualTo(FetchState.FAILED);
        assertThat(first.message()).contains("pieces are kept: fetch again to resume");
        int kept = first.piecesDone();
        assertThat(kept).isEqualTo(4);
        assertThat(mine.root().resolve("cat.png")).doesNotExist();

        FakeSource fresh = fake();
        offer(at("fresh", fresh));
        FetchProgress second = fetcher.fetchNow("cat.png", null);

        assertCommittedVerified(second);
        assertThat(second.message()).contains("4 pieces were already here");
        assertThat(fresh.totalPiecesSent()).isLessThanOrEqualTo(PIECES - kept + 1);
    }

    @Test
    void shouldStopWithAClearErrorRemoveThePartialDataAndBlameNoSourceWhenTheDiskIsFull() throws IOException {
        // A partial download whose data file is /dev/full: every write fails with "No space left on device".
        Path base = mine.partialFolder().resolve(sha.hex());
        Files.write(Path.of(base + ".manifest"), ManifestStore.encode(manifest));
        Files.writeString(Path.of(base + ".meta"), "{\"format\":1,\"name\":\"cat.png\",\"size\":" + content.length
                + ",\"sha256\":\"" + sha.hex() + "\",\"manifest\":\"" + manifest.root().hex() + "\"}");
        Files.createSymbolicLink(Path.of(base + ".data"), Path.of("/dev/full"));
        FakeSource source = fake();
        offer(at("good", source));

        FetchProgress result = fetcher.fetchNow("cat.png", null);

        assertThat(result.state()).isEqualTo(FetchState.FAILED);
        assertThat(result.message()).startsWith("cannot write cat.png to this peer's disk (No space left on device)")
                .contains("the partial download was removed").doesNotContain("banned");
        assertThat(result.banned()).isEmpty();
        assertNoPartialData();
        assertThat(mine.entry("cat.png")).isEmpty();
    }

    @Test
    void shouldSayWhenTheOnlySourceSpeaksProtocolVersion1() throws IOException {
        offer(at("old", fake().version1()));

        FetchProgress result = fetcher.fetchNow("cat.png", null);

        assertThat(result.state()).isEqualTo(FetchState.FAILED);
        assertThat(result.message()).contains("old").contains("version 1 only");
    }

    @Test
    void shouldAskOtherSourcesWhileOneSaysRetryLater() throws IOException {
        FakeSource busy = fake().alwaysBusy();
        FakeSource good = fake();
        offer(at("busy", busy), at("good", good));

        FetchProgress result = fetcher.fetchNow("cat.png", null);

        assertCommittedVerified(result);
        assertThat(busy.totalPiecesSent()).isZero();
        assertThat(good.totalPiecesSent()).isEqualTo(PIECES);
    }

    @Test
    void shouldCombinePartialSourcesThatTogetherHoldEveryPiece() throws IOException {
        BitSet low = new BitSet();
        low.set(0, 5);
        BitSet high = new BitSet();
        high.set(5, PIECES);
        FakeSource first = fake().holding(low);
        FakeSource second = fake().holding(high);
        offer(partial("first", first), partial("second", second));

        FetchProgress result = fetcher.fetchNow("cat.png", null);

        assertCommittedVerified(result);
        assertThat(first.totalPiecesSent()).isEqualTo(5);
        assertThat(second.totalPiecesSent()).isEqualTo(PIECES - 5);
    }

    @Test
    void shouldFetchAnEmptyFileWithoutAskingAnySource() throws IOException {
        byte[] empty = new byte[0];
        Sha256 emptySha = TestFiles.sha256(empty);
        PieceManifest none = PieceHasher.of(empty).manifest();
        tracker.sources.put("empty.txt", List.of(new FileSources("empty.txt", 0, emptySha.hex(), none.root().hex(), 1, 0,
                List.of(new Source("gone", "127.0.0.1", 2)))));

        FetchProgress result = fetcher.fetchNow("empty.txt", null);

        assertThat(result.state()).as(result.message()).isEqualTo(FetchState.DONE);
        assertThat(mine.root().resolve("empty.txt")).isEmptyFile();
    }

    @Test
    void shouldSayNoLiveSourceWhenOnlyThisPeerOrNobodyHasIt() {
        tracker.sources.put("cat.png", List.of(group(manifest.root(), new Source("me", "127.0.0.1", 1))));
        assertThat(fetcher.fetchNow("cat.png", null).message())
                .isEqualTo("no live source for cat.png; ask a peer that has it to publish it");

        FetchProgress unknown = fetcher.fetchNow("dog.png", null);
        assertThat(unknown.state()).isEqualTo(FetchState.FAILED);
        assertThat(unknown.message()).startsWith(FetchProgress.UNKNOWN_FILE);
    }

    @Test
    void shouldRefuseToGuessBetweenDifferentContents() throws IOException {
        Source peer = realPeer("p1");
        Sha256 other = TestFiles.sha256(new byte[] {1, 2, 3});
        tracker.sources.put("cat.png", List.of(group(manifest.root(), peer),
                new FileSources("cat.png", 3, other.hex(), manifest.root().hex(), 1, 0, List.of(new Source("p2", "127.0.0.1", 9)))));

        FetchProgress ambiguous = fetcher.fetchNow("cat.png", null);
        assertThat(ambiguous.state()).isEqualTo(FetchState.FAILED);
        assertThat(ambiguous.message()).contains("2 different contents").contains(sha.hex()).contains(other.hex())
                .endsWith("choose one with --sha256");

        FetchProgress chosen = fetcher.fetchNow("cat.png", sha.hex());
        assertThat(chosen.state()).as(chosen.message()).isEqualTo(FetchState.DONE);
    }

    @Test
    void shouldDoNothingWhenTheSameContentIsAlreadyHere() throws IOException {
        offer(realPeer("p1"));
        assertThat(fetcher.fetchNow("cat.png", null).state()).isEqualTo(FetchState.DONE);

        FetchProgress again = fetcher.fetchNow("cat.png", null);
        assertThat(again.state()).isEqualTo(FetchState.ALREADY_PRESENT);
        assertThat(fetcher.fetchNow("cat.png", sha.hex()).state()).isEqualTo(FetchState.ALREADY_PRESENT);
    }

    @Test
    void shouldFetchAgainAFileDeletedFromTheRepositoryFolderByHand() throws IOException {
        offer(realPeer("p1"));
        assertThat(fetcher.fetchNow("cat.png", null).state()).isEqualTo(FetchState.DONE);
        Files.delete(mine.root().resolve("cat.png"));

        FetchProgress again = fetcher.fetchNow("cat.png", null);

        assertCommittedVerified(again);
    }

    @Test
    void shouldExplainThatNoSourceAnswered() {
        offer(new Source("gone", "127.0.0.1", 2));

        FetchProgress result = fetcher.fetchNow("cat.png", null);

        assertThat(result.state()).isEqualTo(FetchState.FAILED);
        assertThat(result.message()).contains("cat.png").contains("gone").contains("connection refused");
    }

    @Test
    void shouldReportProgressThroughStartAndJoinARunningFetchOfTheSameName() throws IOException {
        offer(at("slow", fake().trickle(1)), realPeer("p1"));
        FetchProgress started = fetcher.start("cat.png", null);
        FetchProgress joined = fetcher.start("cat.png", null);

        org.awaitility.Awaitility.await().until(() -> fetcher.progress(started.id()).orElseThrow().state().finished());

        assertThat(joined).isSameAs(started);
        assertThat(started.state()).as(started.message()).isEqualTo(FetchState.DONE);
        assertThat(started.totalBytes()).isEqualTo(content.length);
        assertThat(started.pieces()).isEqualTo(PIECES);
        assertThat(started.sha256()).isEqualTo(sha.hex());
    }

    @Test
    void shouldNotAskASeedForPiecesThatOtherFetchersHold() throws IOException {
        int pieces = 32;
        content = Files.readAllBytes(TestFiles.random(dir.resolve("cat.png"), pieces * (long) WireLimits.PIECE_SIZE, 7));
        sha = TestFiles.sha256(content);
        manifest = PieceHasher.of(content).manifest();
        BitSet low = new BitSet();
        low.set(0, pieces / 2);
        BitSet high = new BitSet();
        high.set(pieces / 2, pieces);
        FakeSource seed = fake().slowStart(200); // the fetchers' bitfields are known before the seed's
        FakeSource first = fake().holding(low).pieceDelay(100); // slower than the seed: picking by speed
        FakeSource second = fake().holding(high).pieceDelay(100); // alone would take most from the seed
        offer(at("seed", seed), partial("first", first), partial("second", second));

        FetchProgress result = fetcher.fetchNow("cat.png", null);

        assertCommittedVerified(result);
        // Only the end game may ask the seed, for a piece stuck a second at a fetcher; here none is. Without the
        // rule the seed, faster than the fetchers, sent 8 of the 32 pieces.
        assertThat(seed.totalPiecesSent()).isLessThanOrEqualTo(2);
        assertThat(first.totalPiecesSent() + second.totalPiecesSent()).isGreaterThanOrEqualTo(pieces - 2);
    }

    @Test
    void shouldTakeOtherFetchersSharesFromTheSeedWhenTheyHaveNothingToGive() throws IOException {
        // Two other fetchers that never get a piece: this fetcher's share is a third of the file, the rest must
        // still come from the seed once the fetch has waited for them long enough.
        FakeSource seed = fake();
        FakeSource idle1 = fake().holding(new BitSet());
        FakeSource idle2 = fake().holding(new BitSet());
        offer(at("seed", seed), partial("a-fetcher", idle1), partial("b-fetcher", idle2));

        FetchProgress result = fetcher.fetchNow("cat.png", null);

        assertCommittedVerified(result);
        assertThat(seed.totalPiecesSent()).isEqualTo(PIECES);
    }
}
