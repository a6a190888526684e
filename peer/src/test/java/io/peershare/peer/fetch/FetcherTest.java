package io.peershare.peer.fetch;

import io.peershare.peer.repository.FileHasher;
import io.peershare.peer.repository.Repository;
import io.peershare.peer.server.FileServer;
import io.peershare.peer.server.ServerSettings;
import io.peershare.peer.testing.FakeSource;
import io.peershare.peer.testing.FakeTracker;
import io.peershare.peer.testing.TestFiles;
import io.peershare.peer.tracker.TrackerClient;
import io.peershare.protocol.Sha256;
import io.peershare.protocol.api.FileSources;
import io.peershare.protocol.api.Source;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FetcherTest {

    @TempDir
    Path dir;
    FakeTracker tracker;
    Repository mine;
    Fetcher fetcher;
    byte[] content;
    Sha256 sha;
    final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        tracker = new FakeTracker();
        mine = Repository.open(dir.resolve("mine"), new FileHasher());
        fetcher = new Fetcher(mine, new TrackerClient(tracker.url(), Duration.ofSeconds(1), Duration.ofSeconds(5)),
                new FetchSettings(Duration.ofSeconds(1), Duration.ofSeconds(5), 2, "me", "127.0.0.1", () -> 1, "test"));
        content = Files.readAllBytes(TestFiles.random(dir.resolve("cat.png"), 3 * 1024 * 1024 + 17, 42));
        sha = TestFiles.sha256(content);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        tracker.close();
    }

    /** A real peer: its own repository holding cat.png, served by a real FileServer. */
    private Source realPeer(String host) throws IOException {
        Repository repository = Repository.open(dir.resolve(host), new FileHasher());
        repository.publish(dir.resolve("cat.png"), "cat.png", false);
        FileServer server = new FileServer(repository, ServerSettings.of("127.0.0.1", 0, 8, Duration.ofSeconds(5)));
        server.start();
        closing.add(server);
        return new Source(host, "127.0.0.1", server.port());
    }

    private Source fake(String host, FakeSource source) {
        closing.add(source);
        return new Source(host, "127.0.0.1", source.port());
    }

    private void offer(Source... sources) {
        tracker.sources.put("cat.png", List.of(new FileSources("cat.png", content.length, sha.hex(), List.of(sources))));
    }

    private void assertNoTempFiles() throws IOException {
        try (var temps = Files.list(mine.root().resolve(".peershare/tmp"))) {
            assertThat(temps).isEmpty();
        }
    }

    @Test
    void shouldFetchFromTheFastestSourceAndCommitVerified() throws IOException {
        offer(fake("slow", new FakeSource(content, sha).pongDelay(400)), realPeer("fast"));

        FetchProgress result = fetcher.fetchNow("cat.png", null);

        assertThat(result.state()).as(result.message()).isEqualTo(FetchState.DONE);
        assertThat(result.source()).isEqualTo("fast");
        assertThat(result.message()).contains("from fast").contains("verified");
        assertThat(result.bytesDone()).isEqualTo(content.length);
        assertThat(Files.readAllBytes(mine.root().resolve("cat.png"))).isEqualTo(content);
        assertThat(mine.entry("cat.png").orElseThrow().sha256()).isEqualTo(sha);
        assertNoTempFiles();
    }

    @Test
    void shouldContinueFromTheCurrentOffsetWhenASourceDiesMidTransfer() throws IOException {
        FakeSource backup = new FakeSource(content, sha).pongDelay(300);
        offer(fake("dying", new FakeSource(content, sha).cutAfter(1_000_000)), fake("backup", backup));

        FetchProgress result = fetcher.fetchNow("cat.png", null);

        assertThat(result.state()).as(result.message()).isEqualTo(FetchState.DONE);
        assertThat(backup.getOffsets).containsExactly(1_000_000L);
        assertThat(result.message()).contains("dying").contains("backup");
        assertThat(Files.readAllBytes(mine.root().resolve("cat.png"))).isEqualTo(content);
    }

    @Test
    void shouldGiveUpOnASilentSourceAfterTheSocketTimeoutAndContinueElsewhere() throws IOException {
        fetcher = new Fetcher(mine, new TrackerClient(tracker.url(), Duration.ofSeconds(1), Duration.ofSeconds(5)),
                new FetchSettings(Duration.ofSeconds(1), Duration.ofMillis(500), 2, "me", "127.0.0.1", () -> 1, "test"));
        FakeSource backup = new FakeSource(content, sha).pongDelay(300);
        offer(fake("hung", new FakeSource(content, sha).cutAfter(500_000).stall()), fake("backup", backup));

        long started = System.nanoTime();
        FetchProgress result = fetcher.fetchNow("cat.png", null);

        assertThat(result.state()).as(result.message()).isEqualTo(FetchState.DONE);
        assertThat(backup.getOffsets).containsExactly(500_000L);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void shouldDetectACorruptCopyAndRefetchFromTheNextSourceFromZero() throws IOException {
        FakeSource good = new FakeSource(content, sha).pongDelay(300);
        offer(fake("liar", new FakeSource(content, sha).corrupt()), fake("good", good));

        FetchProgress result = fetcher.fetchNow("cat.png", null);

        assertThat(result.state()).as(result.message()).isEqualTo(FetchState.DONE);
        assertThat(good.getOffsets).containsExactly(0L);
        assertThat(Files.readAllBytes(mine.root().resolve("cat.png"))).isEqualTo(content);
    }

    @Test
    void shouldFailWithoutAVisibleFileWhenEveryCopyIsCorrupt() throws IOException {
        offer(fake("liar", new FakeSource(content, sha).corrupt()));

        FetchProgress result = fetcher.fetchNow("cat.png", null);

        assertThat(result.state()).isEqualTo(FetchState.FAILED);
        assertThat(result.message()).contains("corrupt copy from liar");
        assertThat(mine.root().resolve("cat.png")).doesNotExist();
        assertThat(mine.entry("cat.png")).isEmpty();
        assertNoTempFiles();
    }

    @Test
    void shouldSayNoLiveSourceWhenOnlyThisPeerOrNobodyHasIt() {
        tracker.sources.put("cat.png", List.of(new FileSources("cat.png", 1, sha.hex(), List.of(new Source("me", "127.0.0.1", 1)))));
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
        tracker.sources.put("cat.png", List.of(new FileSources("cat.png", content.length, sha.hex(), List.of(peer)),
                new FileSources("cat.png", 3, other.hex(), List.of(new Source("p2", "127.0.0.1", 9)))));

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

        assertThat(again.state()).as(again.message()).isEqualTo(FetchState.DONE);
        assertThat(Files.readAllBytes(mine.root().resolve("cat.png"))).isEqualTo(content);
    }

    @Test
    void shouldExplainThatNoSourceAnswered() {
        offer(new Source("gone", "127.0.0.1", 2));
        FetchProgress result = fetcher.fetchNow("cat.png", null);
        assertThat(result.state()).isEqualTo(FetchState.FAILED);
        assertThat(result.message()).contains("no source of cat.png answered").contains("gone");
    }

    @Test
    void shouldReportProgressThroughStart() throws IOException {
        offer(realPeer("p1"));
        FetchProgress started = fetcher.start("cat.png", null);
        org.awaitility.Awaitility.await().until(() -> fetcher.progress(started.id()).orElseThrow().state().finished());
        assertThat(started.state()).isEqualTo(FetchState.DONE);
        assertThat(started.totalBytes()).isEqualTo(content.length);
        assertThat(started.sha256()).isEqualTo(sha.hex());
    }
}
