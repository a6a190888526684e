package io.peershare.it.local;

import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A source killed in the middle of a swarm fetch, and a source whose bytes no longer match their hash (caught
 * at the piece, banned, and the fetch resumed from the verified pieces).
 */
class FaultsIT extends LocalClusterSuite {

    @BeforeAll
    void setUp() throws Exception {
        startCluster("src1", "src2", "sink", "honest", "liar", "victim");
    }

    @Test
    void aSourceKilledMidTransferIsReplacedByAnotherAndTheCopyIsIntact() throws Exception {
        Path original = TestFiles.random(work.resolve("local"), "movie.bin", 400, 7);
        publish("src1", original, "movie.bin");
        publish("src2", original, "movie.bin");
        LocalPeer sink = cluster.peer("sink");

        String id = sink.startFetch("movie.bin");
        AtomicReference<JsonPath> midway = new AtomicReference<>();
        await("transfer under way").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(2)).until(() -> {
            JsonPath status = sink.fetchStatus(id);
            midway.set(status);
            return status.getLong("bytesDone") > 0 || !status.getString("state").matches("LOCATING|DOWNLOADING");
        });
        assertThat(midway.get().getString("state")).as("still downloading when the source is killed").isEqualTo("DOWNLOADING");
        cluster.peer("src1").kill();

        JsonPath end = awaitEnd(sink, id);
        assertThat(end.getString("state")).as(end.prettify() + cluster.logs()).isEqualTo("DONE");
        assertThat(TestFiles.sha256(sink.file("movie.bin"))).isEqualTo(TestFiles.sha256(original));
        assertThat(leftoverTempFiles(sink)).isZero();
    }

    @Test
    void aSourceWhoseFileChangedUnderItRefusesItAndNothingAppearsUnderTheFinalName() throws Exception {
        Path original = TestFiles.random(work.resolve("local"), "album.bin", 8, 11);
        LocalPeer liar = cluster.peer("liar");
        publish("liar", original, "album.bin");
        corruptKeepingSizeAndMtime(liar.file("album.bin"));

        ShellResult fetch = cluster.peer("victim").shell("fetch", "album.bin");

        // The liar's daemon notices the change (ctime, file key) before serving a byte: it answers HASH_MISMATCH
        // instead of sending corrupt pieces, and the fetch ends at once, naming it.
        assertThat(fetch.exitCode()).as(fetch.toString()).isEqualTo(1);
        assertThat(fetch.stderr()).contains("liar: no longer offers it").contains("HASH_MISMATCH");
        assertThat(cluster.peer("victim").file("album.bin")).doesNotExist();
        assertThat(leftoverTempFiles(cluster.peer("victim"))).isZero();

        // A good source appears. The liar has re-indexed its changed copy and offers that as another content of
        // album.bin, so the user names the content they want.
        publish("honest", original, "album.bin");
        ShellResult retry = cluster.peer("victim").shell("fetch", "album.bin", "--sha256", TestFiles.sha256(original));
        assertThat(retry.exitCode()).as(retry + cluster.logs()).isZero();
        assertThat(retry.stdout()).contains("honest ");
        assertThat(TestFiles.sha256(cluster.peer("victim").file("album.bin"))).isEqualTo(TestFiles.sha256(original));
    }

    private static JsonPath awaitEnd(LocalPeer peer, String id) {
        AtomicReference<JsonPath> last = new AtomicReference<>();
        await("fetch finished").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> {
            last.set(peer.fetchStatus(id));
            return !last.get().getString("state").matches("LOCATING|DOWNLOADING|VERIFYING");
        });
        return last.get();
    }

    /** Flips bytes in the middle of a served file behind the daemon's back, as a failing disk would. */
    private static void corruptKeepingSizeAndMtime(Path file) throws Exception {
        FileTime mtime = Files.getLastModifiedTime(file);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(raf.length() / 2);
            int b = raf.read();
            raf.seek(raf.length() / 2);
            raf.write(b ^ 0xFF);
        }
        Files.setLastModifiedTime(file, mtime);
    }

    private static long leftoverTempFiles(LocalPeer peer) throws Exception {
        Path tmp = peer.repository().resolve(".peershare/tmp");
        if (!Files.isDirectory(tmp)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(tmp)) {
            return files.count();
        }
    }
}
