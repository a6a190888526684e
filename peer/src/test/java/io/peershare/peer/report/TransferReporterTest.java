package io.peershare.peer.report;

import io.peershare.peer.fetch.FetchProgress;
import io.peershare.peer.fetch.FetchSettings;
import io.peershare.peer.fetch.FetchState;
import io.peershare.peer.fetch.Fetcher;
import io.peershare.peer.repository.FileHasher;
import io.peershare.peer.repository.Repository;
import io.peershare.peer.server.FileServer;
import io.peershare.peer.server.ServerSettings;
import io.peershare.peer.swarm.HeldPieces;
import io.peershare.peer.swarm.PartialFiles;
import io.peershare.peer.swarm.PieceBuffers;
import io.peershare.peer.swarm.PieceVerifier;
import io.peershare.peer.swarm.SwarmSettings;
import io.peershare.peer.testing.FakeSource;
import io.peershare.peer.testing.FakeTracker;
import io.peershare.peer.testing.TestFiles;
import io.peershare.peer.tracker.PeerKey;
import io.peershare.peer.tracker.TrackerClient;
import io.peershare.peer.tracker.TrackerSession;
import io.peershare.protocol.PieceHasher;
import io.peershare.protocol.PieceManifest;
import io.peershare.protocol.Sha256;
import io.peershare.protocol.api.FileSources;
import io.peershare.protocol.api.Flow;
import io.peershare.protocol.api.Source;
import io.peershare.protocol.api.Transfer;
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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static io.peershare.peer.fetch.FetchProgresses.downloading;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The reporter against a scripted tracker on loopback ({@link FakeTracker}) through a registered
 * {@link TrackerSession}: reports of a real fetch from in-process peers while it runs and once when it is done;
 * nothing more to a tracker that has no transfers endpoint, after one log line.
 */
class TransferReporterTest {

    static final int PIECES = 9;

    @TempDir
    Path dir;
    FakeTracker tracker;
    TrackerSession session;
    final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        tracker = new FakeTracker();
        TrackerClient client = new TrackerClient(tracker.url(), Duration.ofSeconds(1), Duration.ofSeconds(2));
        session = new TrackerSession(client, Repository.open(dir.resolve("mine"), new FileHasher()), new PartialFiles(),
                new TrackerSession.Identity("me", "127.0.0.1", () -> 7070), PeerKey.loadOrCreate(dir.resolve("key")));
        session.start();
        await().atMost(Duration.ofSeconds(30)).until(session::registered);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
        session.close();
        tracker.close();
    }

    @Test
    void shouldReportARealFetchWhileItRunsAndOnceMoreWhenItIsDone() throws IOException {
        long size = (PIECES - 1) * (long) WireLimits.PIECE_SIZE + 17;
        byte[] content = Files.readAllBytes(TestFiles.random(dir.resolve("cat.png"), size, 7));
        Sha256 sha = TestFiles.sha256(content);
        PieceManifest manifest = PieceHasher.of(content).manifest();
        // First only a fetcher holding pieces 0, 7 and 8 (the last) offers the file: the fetch waits half-way.
        FakeSource early = new FakeSource("cat.png", content, sha).holding(BitfieldTest.bits(0, 7, 8));
        closing.add(early);
        offer(sha, manifest, content.length, new Source("early", "127.0.0.1", early.port(), true));
        Fetcher fetcher = fetcher();
        TransferReporter reporter = TransferReporter.start(fetcher, session, tracker.url().toString(), Duration.ofMillis(100));
        closing.add(reporter);

        FetchProgress fetch = fetcher.start("cat.png", null);

        Transfer halfway = await().atMost(Duration.ofSeconds(30))
                .until(() -> latest(fetch.id()), t -> t.isPresent() && t.get().piecesHeld() == 3).orElseThrow();
        assertThat(halfway.state()).isEqualTo("DOWNLOADING");
        assertThat(halfway.held()).isEqualTo("gYA="); // pieces 0, 7 and 8 of 9: 0x81 0x80
        assertThat(halfway.flows()).extracting(Flow::source, Flow::bytes)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("early", 2L * WireLimits.PIECE_SIZE + 17));

        // Then a real peer with the whole file: the fetch's next look at the tracker finds it.
        offer(sha, manifest, content.length, new Source("early", "127.0.0.1", early.port(), true), seed("seed"));
        await().atMost(Duration.ofSeconds(30)).until(() -> fetch.state().finished());
        assertThat(fetch.state()).as(fetch.message()).isEqualTo(FetchState.DONE);
        await().atMost(Duration.ofSeconds(10)).until(() -> latest(fetch.id()).map(t -> t.state().equals("DONE")).orElse(false));
        reporter.close();

        List<Transfer> done = reported(fetch.id()).stream().filter(t -> t.state().equals("DONE")).toList();
        assertThat(done).as("the ended fetch is reported exactly once").singleElement().satisfies(t -> {
            assertThat(t.held()).isEqualTo("/4A=");
            assertThat(t.piecesHeld()).isEqualTo(PIECES);
            assertThat(t.flows()).extracting(Flow::source).contains("early", "seed");
            assertThat(t.flows().stream().mapToLong(Flow::bytes).sum()).isEqualTo(content.length);
        });
        assertThat(tracker.callsStartingWith("PUT /api/v1/peers/me/transfers")).hasSize(tracker.transferReports.size());
    }

    @Test
    void shouldStopReportingAfterOneLineWhenTheTrackerHasNoTransfersEndpoint() {
        tracker.transfersUnsupported = true;
        TransferReports reports = new TransferReports(System::nanoTime);
        TransferReporter reporter = new TransferReporter(reports, session::reportTransfers, tracker.url().toString());
        List<LogRecord> lines = captureLog();

        for (int i = 0; i < 3; i++) {
            reporter.watch(downloading("f" + i, "cat.png", 1, new HeldPieces(1)));
            reporter.tick();
        }

        assertThat(reporter.unsupported()).isTrue();
        assertThat(tracker.callsStartingWith("PUT /api/v1/peers/me/transfers")).hasSize(1);
        assertThat(lines).singleElement().satisfies(line -> {
            assertThat(line.getLevel().intValue()).isEqualTo(Level.INFO.intValue());
            assertThat(line.getMessage()).contains("does not take transfer reports");
        });
    }

    @Test
    void shouldGoOnReportingWhenTheTrackerForgotThisPeer() {
        TransferReporter reporter = new TransferReporter(new TransferReports(System::nanoTime), session::reportTransfers,
                tracker.url().toString());
        tracker.forgetPeers(); // a restarted tracker: 404 not-found until the session registers again

        await().atMost(Duration.ofSeconds(30)).until(() -> {
            reporter.watch(downloading("f1", "cat.png", 1, new HeldPieces(1)));
            reporter.tick();
            return !tracker.transferReports.isEmpty();
        });

        assertThat(reporter.unsupported()).isFalse();
        assertThat(tracker.registrations).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void shouldSendNothingWhileNoFetchRuns() {
        TransferReporter reporter = new TransferReporter(new TransferReports(System::nanoTime), session::reportTransfers,
                tracker.url().toString());

        reporter.tick();
        reporter.tick();

        assertThat(tracker.callsStartingWith("PUT /api/v1/peers/me/transfers")).isEmpty();
    }

    private Optional<Transfer> latest(String id) {
        List<Transfer> all = reported(id);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.getLast());
    }

    private List<Transfer> reported(String id) {
        return tracker.transferReports.stream().flatMap(r -> r.transfers().stream()).filter(t -> t.id().equals(id)).toList();
    }

    private void offer(Sha256 sha, PieceManifest manifest, long size, Source... sources) {
        int partials = (int) List.of(sources).stream().filter(Source::partial).count();
        tracker.sources.put("cat.png", List.of(new FileSources("cat.png", size, sha.hex(), manifest.root().hex(),
                sources.length - partials, partials, List.of(sources))));
    }

    /** A real peer: its own repository holding cat.png, served by a real FileServer. */
    private Source seed(String host) throws IOException {
        Repository repository = Repository.open(dir.resolve(host), new FileHasher());
        repository.publish(dir.resolve("cat.png"), "cat.png", false);
        FileServer server = new FileServer(repository, new PartialFiles(),
                ServerSettings.of("127.0.0.1", 0, 8, Duration.ofSeconds(5)));
        server.start();
        closing.add(server);
        return new Source(host, "127.0.0.1", server.port());
    }

    private Fetcher fetcher() throws IOException {
        PieceVerifier verifier = new PieceVerifier(2, 16);
        closing.add(verifier::close);
        SwarmSettings swarm = new SwarmSettings(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(15), Duration.ofMillis(200), 16, "test");
        Fetcher fetcher = new Fetcher(Repository.open(dir.resolve("fetcher"), new FileHasher()),
                new TrackerClient(tracker.url(), Duration.ofSeconds(1), Duration.ofSeconds(5)),
                new FetchSettings(2, swarm, "me", "127.0.0.1", () -> 1), new PartialFiles(), verifier,
                new PieceBuffers(WireLimits.PIECE_SIZE, 16));
        closing.add(fetcher::close);
        return fetcher;
    }

    /** What the reporter logs at INFO and above from now on (JBoss logging ends in java.util.logging's loggers). */
    private List<LogRecord> captureLog() {
        List<LogRecord> lines = new CopyOnWriteArrayList<>();
        Logger logger = Logger.getLogger(TransferReporter.class.getName());
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.INFO.intValue()) {
                    lines.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        closing.add(() -> logger.removeHandler(handler));
        return lines;
    }
}
