package io.peershare.it;

import io.peershare.protocol.api.DiscoverResult;
import io.peershare.protocol.api.FileEntry;
import io.peershare.protocol.api.FileSummary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Discovery: what a peer publishes is what the tracker lists, what {@code tracker discover} shows, and
 * a peer that fetched a file becomes one more source of it.
 */
class DiscoveryIT {

    private static Cluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = Cluster.builder().peers(3).start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void publishedFilesAreListedByTheTrackerAndByDiscover() {
        var peer1 = cluster.peer("peer1");
        String textSha = cluster.sh(peer1, "printf 'meeting notes\\n' > /tmp/notes.txt && sha256sum /tmp/notes.txt | cut -d' ' -f1")
                .stdout().strip();
        String imageSha = cluster.sha256(peer1, "/opt/peershare/samples/cat.png");

        assertThat(cluster.peerShell("peer1", "publish", "/tmp/notes.txt", "notes.txt").exitCode()).isZero();
        Shell.Result publishImage = cluster.peerShell("peer1", "publish", "/opt/peershare/samples/cat.png", "kitten.png");
        assertThat(publishImage.exitCode()).as(publishImage.toString()).isZero();
        assertThat(cluster.sha256(peer1, Cluster.REPOSITORY + "/kitten.png")).isEqualTo(imageSha);

        await("tracker lists peer1's files").atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(cluster.api().files("peer1"))
                        .extracting(FileEntry::name, FileEntry::sha256)
                        .contains(org.assertj.core.groups.Tuple.tuple("notes.txt", textSha),
                                org.assertj.core.groups.Tuple.tuple("kitten.png", imageSha)));
        assertThat(cluster.api().search("NOTES.*"))
                .extracting(FileSummary::name, FileSummary::sha256, FileSummary::liveSources)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("notes.txt", textSha, 1));
        assertThat(cluster.api().sourceHosts("kitten.png")).containsExactly("peer1");

        DiscoverResult live = cluster.api().discover("peer1");
        assertThat(live.origin()).isEqualTo(DiscoverResult.LIVE);
        assertThat(live.files()).extracting(FileEntry::name).contains("notes.txt", "kitten.png");

        Shell.Result discover = cluster.trackerShell("discover", "peer1");
        assertThat(discover.exitCode()).as(discover.toString()).isZero();
        assertThat(discover.stdout()).contains("notes.txt", "kitten.png");
    }

    @Test
    void aFetchedFileIsAnnouncedAsANewSource() {
        var peer1 = cluster.peer("peer1");
        String sha = cluster.randomFile(peer1, "/tmp/report.bin", 3);
        assertThat(cluster.peerShell("peer1", "publish", "/tmp/report.bin", "report.bin").exitCode()).isZero();
        await().atMost(Duration.ofSeconds(15)).until(() -> cluster.api().sourceHosts("report.bin").contains("peer1"));

        Shell.Result fetch = cluster.peerShell("peer2", "fetch", "report.bin");
        assertThat(fetch.exitCode()).as(fetch.toString()).isZero();
        assertThat(cluster.sha256(cluster.peer("peer2"), Cluster.REPOSITORY + "/report.bin")).isEqualTo(sha);

        await("peer2 listed as a source").atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(cluster.api().sourceHosts("report.bin")).containsExactly("peer1", "peer2"));
        Shell.Result discover = cluster.trackerShell("discover", "peer2");
        assertThat(discover.exitCode()).as(discover.toString()).isZero();
        assertThat(discover.stdout()).contains("report.bin");

        // peer3 can now fetch it from either source.
        Shell.Result third = cluster.peerShell("peer3", "fetch", "report.bin");
        assertThat(third.exitCode()).as(third.toString()).isZero();
        assertThat(cluster.sha256(cluster.peer("peer3"), Cluster.REPOSITORY + "/report.bin")).isEqualTo(sha);
    }

    @Test
    void unknownNamesAreReportedAsNotFound() {
        Shell.Result discover = cluster.trackerShell("discover", "nosuchpeer");
        assertThat(discover.exitCode()).as(discover.toString()).isEqualTo(4);
        assertThat(discover.output()).contains("nosuchpeer");

        Shell.Result fetch = cluster.peerShell("peer3", "fetch", "no-such-file.txt");
        assertThat(fetch.exitCode()).as(fetch.toString()).isEqualTo(4);
        assertThat(fetch.output()).contains("no-such-file.txt");
        assertThat(cluster.sha256(cluster.peer("peer3"), Cluster.REPOSITORY + "/no-such-file.txt")).isNull();
    }
}
