package io.peershare.peer.server;

import io.peershare.peer.repository.FileHasher;
import io.peershare.peer.repository.IndexEntry;
import io.peershare.peer.repository.ManifestStore;
import io.peershare.peer.repository.Repository;
import io.peershare.peer.swarm.PartialFiles;
import io.peershare.peer.swarm.PieceStore;
import io.peershare.peer.testing.TestFiles;
import io.peershare.protocol.PieceHasher;
import io.peershare.protocol.PieceManifest;
import io.peershare.protocol.Sha256;
import io.peershare.protocol.wire.BitfieldResult;
import io.peershare.protocol.wire.DataHeader;
import io.peershare.protocol.wire.ErrorCode;
import io.peershare.protocol.wire.Get;
import io.peershare.protocol.wire.HaveResult;
import io.peershare.protocol.wire.RemoteErrorException;
import io.peershare.protocol.wire.RetryLaterException;
import io.peershare.protocol.wire.WireClient;
import io.peershare.protocol.wire.WireLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Protocol version 2 at the file server: manifests, bitfields and have-logs of whole files and of downloads in
 * progress, GET limited to verified pieces, and upload slots answered with RETRY_LATER.
 */
class PieceServingTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path dir;
    Repository repository;
    PartialFiles partials = new PartialFiles();
    FileServer server;
    IndexEntry big;
    byte[] fetching;
    Sha256 fetchingSha;
    PieceStore partial;

    @BeforeEach
    void start() throws IOException {
        repository = Repository.open(dir.resolve("repo"), new FileHasher());
        big = repository.publish(TestFiles.random(dir.resolve("big.bin"), 3L * WireLimits.PIECE_SIZE + 123, 1), "big.bin", false)
                .entry();
        fetching = Files.readAllBytes(TestFiles.random(dir.resolve("new.bin"), 5L * WireLimits.PIECE_SIZE, 2));
        fetchingSha = TestFiles.sha256(fetching);
        PieceManifest manifest = PieceHasher.of(fetching).manifest();
        partial = PieceStore.open(repository.partialFolder(), "new.bin", fetchingSha, manifest);
        for (int piece : new int[] {3, 0}) {
            partial.write(piece, ByteBuffer.wrap(fetching, (int) manifest.offset(piece), manifest.length(piece)).slice());
        }
        partials.add(partial);
        server = serve(4);
    }

    private FileServer serve(int uploads) throws IOException {
        FileServer started = new FileServer(repository, partials,
                new ServerSettings("127.0.0.1", 0, 8, uploads, Duration.ofMillis(100), Duration.ofMillis(300), TIMEOUT, 100, "test"));
        started.start();
        return started;
    }

    @AfterEach
    void stop() {
        server.close();
        partial.close();
    }

    private WireClient client() throws IOException {
        return WireClient.connect("127.0.0.1", server.port(), TIMEOUT, TIMEOUT, "test-client");
    }

    @Test
    void shouldSendTheManifestOfAWholeFileAsTheRepositoryStoresIt() throws IOException {
        try (WireClient client = client()) {
            PieceManifest manifest = client.manifest("big.bin", big.sha256());

            assertThat(client.version()).isEqualTo(2);
            assertThat(manifest.root()).isEqualTo(big.manifest());
            assertThat(manifest).isEqualTo(repository.manifest(big));
        }
    }

    @Test
    void shouldSayAWholeFileHoldsEveryPieceAndHasNothingNewToTell() throws IOException {
        try (WireClient client = client()) {
            BitfieldResult bits = client.bitfield("big.bin", big.sha256());
            assertThat(bits.pieceCount()).isEqualTo(4);
            assertThat(bits.held()).isEqualTo(4);

            HaveResult have = client.have("big.bin", big.sha256(), 4);
            assertThat(have.total()).isEqualTo(4);
            assertThat(have.pieces()).isEmpty();
        }
    }

    @Test
    void shouldDescribeADownloadInProgressByItsVerifiedPiecesInTheOrderTheyCame() throws IOException {
        try (WireClient client = client()) {
            assertThat(client.manifest("new.bin", fetchingSha).root()).isEqualTo(partial.manifest().root());
            assertThat(client.bitfield("new.bin", fetchingSha).pieces().stream().boxed()).containsExactly(0, 3);
            assertThat(client.have("new.bin", fetchingSha, 0).pieces()).containsExactly(3, 0);

            partial.write(1, ByteBuffer.wrap(fetching, WireLimits.PIECE_SIZE, WireLimits.PIECE_SIZE).slice());

            HaveResult news = client.have("new.bin", fetchingSha, 2);
            assertThat(news.pieces()).containsExactly(1);
            assertThat(news.total()).isEqualTo(3);
        }
    }

    @Test
    void shouldAnswerBadRangeToAHaveSerialBeyondTheLog() throws IOException {
        try (WireClient client = client()) {
            assertThatThrownBy(() -> client.have("new.bin", fetchingSha, 3))
                    .isInstanceOfSatisfying(RemoteErrorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_RANGE));
            assertThat(client.ping()).as("BAD_RANGE is not fatal").isPositive();
        }
    }

    @Test
    void shouldSendHeldPiecesOfADownloadInProgressAndRefuseTheOthers() throws IOException {
        try (WireClient client = client()) {
            DataHeader header = client.get("new.bin", fetchingSha, 3L * WireLimits.PIECE_SIZE, WireLimits.PIECE_SIZE);
            byte[] bytes = client.data().readNBytes((int) header.length());
            assertThat(bytes).isEqualTo(java.util.Arrays.copyOfRange(fetching, 3 * WireLimits.PIECE_SIZE, 4 * WireLimits.PIECE_SIZE));

            assertThatThrownBy(() -> client.get("new.bin", fetchingSha, 0, 2L * WireLimits.PIECE_SIZE))
                    .isInstanceOfSatisfying(RemoteErrorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_HELD));
            assertThatThrownBy(() -> client.get("new.bin", fetchingSha, 0, Get.TO_END))
                    .isInstanceOfSatisfying(RemoteErrorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_HELD));
            assertThat(client.ping()).as("NOT_HELD is not fatal").isPositive();
        }
    }

    @Test
    void shouldRefuseAnotherContentUnderTheNameOfADownloadInProgress() throws IOException {
        try (WireClient client = client()) {
            assertThatThrownBy(() -> client.bitfield("new.bin", big.sha256()))
                    .isInstanceOfSatisfying(RemoteErrorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.HASH_MISMATCH));
            assertThatThrownBy(() -> client.manifest("nothing.bin", big.sha256()))
                    .isInstanceOfSatisfying(RemoteErrorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NO_SUCH_FILE));
        }
    }

    @Test
    void shouldTellRetryLaterWhenEveryUploadSlotIsTakenAndServeAgainOnceOneIsFree() throws IOException {
        server.close();
        server = serve(1);
        Path sparse = sparseFile();
        IndexEntry huge = repository.entry("huge.bin").orElseThrow();
        try (WireClient hog = client(); WireClient late = client()) {
            // A GET of 1 GiB that nobody reads: the send blocks and holds the only upload slot.
            hog.get("huge.bin", huge.sha256(), 0, 1L << 30);

            assertThatThrownBy(() -> late.get("big.bin", big.sha256(), 0, 10))
                    .isInstanceOfSatisfying(RetryLaterException.class, e -> assertThat(e.retryAfterMillis()).isBetween(300L, 450L));
            assertThat(late.ping()).as("RETRY_LATER is not fatal").isPositive();
            hog.close();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> server.activeUploads() == 0);
            assertThat(late.get("big.bin", big.sha256(), 0, 10).length()).isEqualTo(10);
        }
        Files.delete(sparse);
    }

    @Test
    void shouldShowVersion1ClientsOnlyWholeFiles() throws IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5000);
            var in = socket.getInputStream();
            var out = socket.getOutputStream();
            io.peershare.protocol.wire.WireCodec.write(new io.peershare.protocol.wire.Hello(1, 1, "old"), out);
            assertThat(io.peershare.protocol.wire.WireCodec.read(in)).isEqualTo(new io.peershare.protocol.wire.HelloAck(1, "test"));
            io.peershare.protocol.wire.WireCodec.write(Get.whole("new.bin", fetchingSha), out);
            assertThat(io.peershare.protocol.wire.WireCodec.read(in)).isInstanceOfSatisfying(
                    io.peershare.protocol.wire.ErrorMessage.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.NO_SUCH_FILE));
        }
    }

    /** A 2 GiB sparse file indexed by hand with stand-in hashes (hashing it would take seconds). */
    private Path sparseFile() throws IOException {
        Path root = repository.root();
        long size = 2L << 30;
        try (RandomAccessFile file = new RandomAccessFile(root.resolve("huge.bin").toFile(), "rw")) {
            file.setLength(size);
        }
        Sha256 standIn = TestFiles.sha256("huge stand-in".getBytes());
        PieceManifest manifest = PieceManifest.of(size, WireLimits.PIECE_SIZE,
                new byte[PieceManifest.pieceCount(size, WireLimits.PIECE_SIZE) * Sha256.LENGTH]);
        Files.write(root.resolve(".peershare/manifests/" + standIn.hex() + ".manifest"), ManifestStore.encode(manifest));
        String mtime = Files.getLastModifiedTime(root.resolve("huge.bin")).toInstant().toString();
        String bigJson = "{\"name\":\"big.bin\",\"size\":" + big.size() + ",\"mtime\":\"" + big.mtime() + "\",\"sha256\":\""
                + big.sha256().hex() + "\",\"manifest\":\"" + big.manifest().hex() + "\"}";
        Files.writeString(root.resolve(".peershare/index.json"), "{\"version\":2,\"files\":[" + bigJson + ",{\"name\":\"huge.bin\",\"size\":"
                + size + ",\"mtime\":\"" + mtime + "\",\"sha256\":\"" + standIn.hex() + "\",\"manifest\":\""
                + manifest.root().hex() + "\"}]}");
        server.close();
        repository = Repository.open(root, new FileHasher());
        server = serve(1);
        assertThat(repository.entries()).extracting(IndexEntry::name).containsExactly("big.bin", "huge.bin");
        return root.resolve("huge.bin");
    }

}
