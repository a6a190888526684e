package io.peershare.peer.server;

import io.peershare.peer.repository.FileHasher;
import io.peershare.peer.repository.IndexEntry;
import io.peershare.peer.repository.Repository;
import io.peershare.peer.testing.TestFiles;
import io.peershare.protocol.PieceManifest;
import io.peershare.protocol.Sha256;
import io.peershare.peer.repository.ManifestStore;
import io.peershare.protocol.wire.DataHeader;
import io.peershare.protocol.wire.ErrorCode;
import io.peershare.protocol.wire.ErrorMessage;
import io.peershare.protocol.wire.FileInfo;
import io.peershare.protocol.wire.Get;
import io.peershare.protocol.wire.Hello;
import io.peershare.protocol.wire.HelloAck;
import io.peershare.protocol.wire.Message;
import io.peershare.protocol.wire.Ping;
import io.peershare.protocol.wire.RemoteErrorException;
import io.peershare.protocol.wire.WireClient;
import io.peershare.protocol.wire.WireCodec;
import io.peershare.protocol.wire.WireLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class FileServerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path dir;
    Repository repository;
    FileServer server;
    Path big;
    Sha256 bigSha;

    @BeforeEach
    void start() throws IOException {
        repository = Repository.open(dir.resolve("repo"), new FileHasher());
        big = TestFiles.random(dir.resolve("big.bin"), 8 * 1024 * 1024 + 123, 1);
        bigSha = repository.publish(big, "big.bin", false).entry().sha256();
        for (String name : List.of("a.txt", "b.txt", "c.txt", "d.txt")) {
            repository.publish(Files.writeString(dir.resolve(name), "content of " + name), name, false);
        }
        server = startServer(8, Duration.ofSeconds(5));
    }

    private FileServer startServer(int maxConnections, Duration socketTimeout) throws IOException {
        FileServer started = new FileServer(repository, new ServerSettings("127.0.0.1", 0, maxConnections, 4, Duration.ofMillis(100), Duration.ofMillis(500), socketTimeout, 2, "test"));
        started.start();
        return started;
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private WireClient client() throws IOException {
        return WireClient.connect("127.0.0.1", server.port(), TIMEOUT, TIMEOUT, "test-client");
    }

    private Socket raw() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 2000);
        socket.setSoTimeout(5000);
        return socket;
    }

    private static byte[] readExactly(InputStream in, long length) throws IOException {
        byte[] bytes = in.readNBytes((int) length);
        if (bytes.length != length) {
            throw new EOFException("got " + bytes.length + " of " + length);
        }
        return bytes;
    }

    @Test
    void shouldAnswerPing() throws IOException {
        try (WireClient client = client()) {
            assertThat(client.ping()).isPositive();
        }
    }

    @Test
    void shouldListAllFilesInNameOrderAcrossPages() throws IOException {
        try (WireClient client = client()) {
            List<FileInfo> files = client.list(); // page size 2: three pages for five files
            assertThat(files).extracting(FileInfo::name).containsExactly("a.txt", "b.txt", "big.bin", "c.txt", "d.txt");
            assertThat(files.get(2).sha256()).isEqualTo(bigSha);
        }
    }

    @Test
    void shouldSendTheWholeFile() throws IOException {
        try (WireClient client = client()) {
            DataHeader header = client.get("big.bin", bigSha, 0, Get.TO_END);
            assertThat(header.length()).isEqualTo(Files.size(big));
            assertThat(readExactly(client.data(), header.length())).isEqualTo(Files.readAllBytes(big));
            assertThat(client.ping()).as("the connection stays usable after a transfer").isPositive();
        }
    }

    @Test
    void shouldServeThePublishedBytesAfterTheOriginalIsEditedAndDeleted() throws IOException {
        Path original = Files.writeString(dir.resolve("draft.txt"), "as published");
        Sha256 announced = repository.publish(original, "draft.txt", false).entry().sha256();
        Files.writeString(original, "edited later");
        Files.delete(original);
        try (WireClient client = client()) {
            DataHeader header = client.get("draft.txt", announced, 0, Get.TO_END);
            byte[] bytes = readExactly(client.data(), header.length());
            assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("as published");
            assertThat(TestFiles.sha256(bytes)).isEqualTo(announced);
        }
    }

    @Test
    void shouldAnswerInternalForAFileChangedOnDiskAndServeItAgainOnceReindexed() throws IOException {
        Path shared = repository.root().resolve("c.txt");
        Sha256 before = repository.entry("c.txt").orElseThrow().sha256();
        Files.writeString(shared, "changed behind the daemon's back");
        Files.setLastModifiedTime(shared, java.nio.file.attribute.FileTime.from(java.time.Instant.now().plusSeconds(10)));
        try (WireClient client = client()) {
            assertThatThrownBy(() -> client.get("c.txt", before, 0, Get.TO_END))
                    .isInstanceOfSatisfying(RemoteErrorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL));
            Sha256 after = TestFiles.sha256("changed behind the daemon's back".getBytes(StandardCharsets.UTF_8));
            await().until(() -> repository.entry("c.txt").orElseThrow().sha256().equals(after));
            DataHeader header = client.get("c.txt", after, 0, Get.TO_END);
            assertThat(readExactly(client.data(), header.length())).isEqualTo(Files.readAllBytes(shared));
        }
    }

    @Test
    void shouldSendARange() throws IOException {
        byte[] all = Files.readAllBytes(big);
        try (WireClient client = client()) {
            DataHeader header = client.get("big.bin", bigSha, 1000, 5000);
            assertThat(header.fileSize()).isEqualTo(all.length);
            assertThat(readExactly(client.data(), 5000)).isEqualTo(Arrays.copyOfRange(all, 1000, 6000));
            DataHeader tail = client.get("big.bin", bigSha, all.length - 10, Get.TO_END);
            assertThat(readExactly(client.data(), tail.length())).isEqualTo(Arrays.copyOfRange(all, all.length - 10, all.length));
        }
    }

    @Test
    void shouldAnswerApplicationErrorsAndKeepTheConnection() throws IOException {
        Sha256 other = TestFiles.sha256(new byte[] {1});
        try (WireClient client = client()) {
            assertThatThrownBy(() -> client.get("nope.bin", bigSha, 0, Get.TO_END))
                    .isInstanceOfSatisfying(RemoteErrorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NO_SUCH_FILE));
            assertThatThrownBy(() -> client.get("big.bin", other, 0, Get.TO_END))
                    .isInstanceOfSatisfying(RemoteErrorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.HASH_MISMATCH));
            assertThatThrownBy(() -> client.get("big.bin", bigSha, Files.size(big) + 1, Get.TO_END))
                    .isInstanceOfSatisfying(RemoteErrorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_RANGE));
            assertThatThrownBy(() -> client.get("big.bin", bigSha, 10, Files.size(big)))
                    .isInstanceOfSatisfying(RemoteErrorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_RANGE));
            assertThat(client.ping()).isPositive();
        }
    }

    @Test
    void shouldAnswerGarbageWithAnErrorAndCloseWhileAnotherDownloadCompletes() throws Exception {
        try (WireClient downloader = client(); Socket garbage = raw()) {
            DataHeader header = downloader.get("big.bin", bigSha, 0, Get.TO_END);
            byte[] first = readExactly(downloader.data(), 1000); // the transfer is under way

            garbage.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            Message answer = WireCodec.read(garbage.getInputStream());
            assertThat(answer).isInstanceOfSatisfying(ErrorMessage.class,
                    e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.MALFORMED_FRAME));
            assertThat(garbage.getInputStream().read()).as("closed after the error").isEqualTo(-1);

            byte[] rest = readExactly(downloader.data(), header.length() - 1000);
            ByteArrayOutputStream whole = new ByteArrayOutputStream();
            whole.write(first);
            whole.write(rest);
            assertThat(whole.toByteArray()).isEqualTo(Files.readAllBytes(big));
        }
    }

    @Test
    void shouldRejectAnOversizedFrameBeforeReadingIt() throws IOException {
        try (Socket socket = raw()) {
            OutputStream out = socket.getOutputStream();
            out.write(WireCodec.encode(new Hello(1, 1, "raw")));
            assertThat(WireCodec.read(socket.getInputStream())).isInstanceOf(HelloAck.class);
            long huge = WireLimits.MAX_PAYLOAD_BYTES + 1L;
            out.write(new byte[] {0x50, 0x53, 1, 0x03, (byte) (huge >>> 24), (byte) (huge >>> 16), (byte) (huge >>> 8), (byte) huge});
            assertThat(WireCodec.read(socket.getInputStream())).isInstanceOfSatisfying(ErrorMessage.class,
                    e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.FRAME_TOO_LARGE));
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void shouldRefuseARequestBeforeHello() throws IOException {
        try (Socket socket = raw()) {
            socket.getOutputStream().write(WireCodec.encode(new Ping(7)));
            assertThat(WireCodec.read(socket.getInputStream())).isInstanceOfSatisfying(ErrorMessage.class,
                    e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.UNEXPECTED_MESSAGE));
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void shouldRefuseAnUnsupportedVersionRange() throws IOException {
        try (Socket socket = raw()) {
            socket.getOutputStream().write(WireCodec.encode(new Hello(3, 5, "future")));
            assertThat(WireCodec.read(socket.getInputStream())).isInstanceOfSatisfying(ErrorMessage.class,
                    e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.UNSUPPORTED_VERSION));
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void shouldAnswerBusyOverTheConnectionLimit() throws IOException {
        server.close();
        server = startServer(2, Duration.ofSeconds(5));
        try (WireClient one = client(); WireClient two = client()) {
            assertThatThrownBy(this::client)
                    .isInstanceOfSatisfying(RemoteErrorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BUSY));
            assertThat(one.ping()).isPositive();
            assertThat(two.ping()).isPositive();
        }
        await().untilAsserted(() -> {
            try (WireClient again = client()) {
                assertThat(again.ping()).isPositive();
            }
        });
    }

    @Test
    void shouldCloseAnIdleConnectionAfterTheSocketTimeout() throws IOException {
        server.close();
        server = startServer(8, Duration.ofMillis(300));
        try (Socket socket = raw()) {
            long started = System.nanoTime();
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(200), Duration.ofSeconds(4));
        }
        await().until(() -> server.activeConnections() == 0);
    }

    @Test
    void shouldDropAClientThatStopsReadingMidTransfer() throws Exception {
        server.close();
        server = startServer(8, Duration.ofMillis(500));
        Path huge = TestFiles.random(dir.resolve("huge.bin"), 64L << 20, 3);
        Sha256 sha = repository.publish(huge, "huge.bin", false).entry().sha256();
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(64 * 1024);
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()));
            socket.getOutputStream().write(WireCodec.encode(new Hello(1, 1, "stalling")));
            socket.getOutputStream().write(WireCodec.encode(Get.whole("huge.bin", sha)));
            // never read: the send stalls once the socket buffers are full, and the watchdog must step in
            await().atMost(Duration.ofSeconds(10)).until(() -> server.activeConnections() == 0);
        }
    }

    @Test
    void shouldServeManyConcurrentDownloadsOfTheSameAndDifferentFiles() throws Exception {
        server.close();
        server = startServer(32, Duration.ofSeconds(5));
        byte[] bigBytes = Files.readAllBytes(big);
        List<Future<Boolean>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 16; i++) {
                int n = i;
                results.add(pool.submit(() -> {
                    try (WireClient client = client()) {
                        if (n % 2 == 0) {
                            DataHeader header = client.get("big.bin", bigSha, 0, Get.TO_END);
                            return Arrays.equals(readExactly(client.data(), header.length()), bigBytes);
                        }
                        IndexEntry entry = repository.entry("c.txt").orElseThrow();
                        DataHeader header = client.get("c.txt", entry.sha256(), 0, Get.TO_END);
                        return new String(readExactly(client.data(), header.length()), StandardCharsets.UTF_8).equals("content of c.txt");
                    }
                }));
            }
        }
        for (Future<Boolean> result : results) {
            assertThat(result.get()).isTrue();
        }
    }

    @Test
    void shouldServeARangeBeyondFourGibibytesOfASparseFile() throws IOException {
        Path root = repository.root();
        server.close();
        long size = 5L << 30;
        long offset = (4L << 30) + 12345;
        try (RandomAccessFile file = new RandomAccessFile(root.resolve("sparse.bin").toFile(), "rw")) {
            file.setLength(size);
            file.seek(offset);
            file.write("beyond 4 GiB".getBytes(StandardCharsets.US_ASCII));
        }
        // Index it by hand with a stand-in hash and manifest, so the test does not spend seconds hashing 5 GiB of zeros.
        Sha256 standIn = TestFiles.sha256("stand-in".getBytes());
        PieceManifest standInManifest = PieceManifest.of(size, WireLimits.PIECE_SIZE,
                new byte[PieceManifest.pieceCount(size, WireLimits.PIECE_SIZE) * Sha256.LENGTH]);
        Files.createDirectories(root.resolve(".peershare/manifests"));
        Files.write(root.resolve(".peershare/manifests/" + standIn.hex() + ".manifest"), ManifestStore.encode(standInManifest));
        String mtime = Files.getLastModifiedTime(root.resolve("sparse.bin")).toInstant().toString();
        Files.writeString(root.resolve(".peershare/index.json"), "{\"version\":2,\"files\":[{\"name\":\"sparse.bin\",\"size\":"
                + size + ",\"mtime\":\"" + mtime + "\",\"sha256\":\"" + standIn.hex() + "\",\"manifest\":\""
                + standInManifest.root().hex() + "\"}]}");
        repository = Repository.open(root, new FileHasher());
        server = startServer(8, Duration.ofSeconds(5));
        try (WireClient client = client()) {
            DataHeader header = client.get("sparse.bin", standIn, offset, 12);
            assertThat(header.fileSize()).isEqualTo(size);
            assertThat(new String(readExactly(client.data(), 12), StandardCharsets.US_ASCII)).isEqualTo("beyond 4 GiB");
        }
    }
}
