package io.peershare.peer.tracker;

import io.peershare.peer.repository.FileHasher;
import io.peershare.peer.repository.Repository;
import io.peershare.peer.testing.FakeTracker;
import io.peershare.protocol.api.AnnounceRequest;
import io.peershare.protocol.api.FileEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class TrackerSessionTest {

    @TempDir
    Path dir;
    FakeTracker tracker;
    Repository repository;
    TrackerSession session;
    PeerKey key;

    @BeforeEach
    void setUp() throws IOException {
        tracker = new FakeTracker();
        repository = Repository.open(dir.resolve("repo"), new FileHasher());
        repository.publish(Files.writeString(dir.resolve("a.txt"), "aaa"), "a.txt", false);
        TrackerClient client = new TrackerClient(tracker.url(), Duration.ofSeconds(1), Duration.ofSeconds(2));
        key = PeerKey.loadOrCreate(dir.resolve("identity.key"));
        session = new TrackerSession(client, repository, new io.peershare.peer.swarm.PartialFiles(),
                new TrackerSession.Identity("peer1", "127.0.0.1", () -> 7070), key);
    }

    @AfterEach
    void tearDown() {
        session.close();
        tracker.close();
    }

    @Test
    void shouldRegisterAndAnnounceTheWholeList() {
        session.start();
        await().until(session::registered);
        assertThat(tracker.registrations).singleElement()
                .satisfies(r -> assertThat(r.address() + ":" + r.port() + " " + r.hostname()).isEqualTo("127.0.0.1:7070 peer1"));
        assertThat(tracker.callsStartingWith("PUT /api/v1/peers/peer1/files")).hasSize(1);
        assertThat(tracker.announcements.get(0).files()).extracting(FileEntry::name).containsExactly("a.txt");
    }

    @Test
    void shouldRetryWhileTheTrackerRefusesTheAddress() {
        tracker.registerFailures.add(422);
        tracker.registerFailures.add(503);
        session.start();
        await().atMost(Duration.ofSeconds(5)).until(session::registered);
        assertThat(tracker.callsStartingWith("POST /api/v1/peers")).hasSize(3);
    }

    @Test
    void shouldHeartbeatAndRegisterAgainWithTheOldTokenAfterATrackerRestart() {
        session.start();
        await().until(() -> tracker.callsStartingWith("PUT /api/v1/peers/peer1/heartbeat").size() >= 2);

        tracker.forgetPeers();

        await().until(() -> tracker.registrations.size() == 2);
        assertThat(tracker.registrations.get(1).token()).isEqualTo("token-1");
        // The same key proves it is the same peer (the fake tracker checks the signature, as the real one does).
        assertThat(tracker.registrations).extracting(r -> r.publicKey()).containsOnly(key.publicKey());
        assertThat(tracker.registrations.get(1).timestamp()).isGreaterThan(tracker.registrations.get(0).timestamp());
        await().until(() -> tracker.callsStartingWith("PUT /api/v1/peers/peer1/files").size() == 2);
    }

    @Test
    void shouldSwitchToTheIntervalAHeartbeatAnswerAsksFor() {
        session.start();
        await().until(() -> tracker.callsStartingWith("PUT /api/v1/peers/peer1/heartbeat").size() >= 2);
        assertThat(session.heartbeatMillis()).isEqualTo(100); // no header (an older tracker): the registration's

        tracker.heartbeatHeader = "250";

        await().until(() -> session.heartbeatMillis() == 250);
        assertThat(tracker.registrations).hasSize(1); // learnt without registering again
    }

    @Test
    void shouldKeepItsIntervalWhenTheHeaderIsNotAPositiveNumber() {
        tracker.heartbeatHeader = "soon";
        session.start();
        await().until(() -> tracker.callsStartingWith("PUT /api/v1/peers/peer1/heartbeat").size() >= 2);
        assertThat(session.heartbeatMillis()).isEqualTo(100);
        assertThat(TrackerClient.intervalOf(java.util.Optional.of("0"))).isEmpty();
        assertThat(TrackerClient.intervalOf(java.util.Optional.of(" 20000"))).hasValue(20_000);
    }

    @Test
    void shouldAnnounceEachPublishAndWithdrawRemovedFiles() throws IOException {
        session.start();
        await().until(session::registered);

        repository.publish(Files.writeString(dir.resolve("b.txt"), "bbb"), "b.txt", false);
        await().until(() -> tracker.callsStartingWith("POST /api/v1/peers/peer1/files").size() == 1);
        AnnounceRequest last = tracker.announcements.get(tracker.announcements.size() - 1);
        assertThat(last.files()).extracting(FileEntry::name).containsExactly("b.txt");

        Files.delete(repository.root().resolve("b.txt"));
        repository.reindex("b.txt");
        await().until(() -> tracker.calls.contains("DELETE /api/v1/peers/peer1/files/b.txt"));
    }

    @Test
    void shouldUnregisterOnClose() {
        session.start();
        await().until(session::registered);
        session.close();
        assertThat(tracker.calls).contains("DELETE /api/v1/peers/peer1");
    }

    @Test
    void clientShouldEncodeNamesAndTreatMissingSourcesAsEmpty() throws TrackerException {
        TrackerClient client = new TrackerClient(tracker.url(), Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(client.sources("my cat+1.png", null)).isEmpty();
        assertThat(tracker.calls).contains("GET /api/v1/files/my cat+1.png/sources");
    }

    @Test
    void clientShouldNameTheTrackerWhenUnreachable() {
        TrackerClient client = new TrackerClient(URI.create("http://127.0.0.1:9"), Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThatThrownBy(() -> client.sources("a", null)).isInstanceOfSatisfying(TrackerException.class, e -> {
            assertThat(e.unreachable()).isTrue();
            assertThat(e.getMessage()).isEqualTo("cannot reach the tracker at http://127.0.0.1:9: connection refused");
        });
    }
}
