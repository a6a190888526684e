package io.peershare.peer.repository;

import io.peershare.peer.testing.TestFiles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.AccessDeniedException;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RepositoryTest {

    @TempDir
    Path dir;
    Path root;
    FileHasher hasher;
    Repository repository;

    @BeforeEach
    void open() throws IOException {
        root = dir.resolve("repo");
        hasher = new FileHasher();
        repository = Repository.open(root, hasher);
    }

    private Path local(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void shouldCopyTheFileSoThatEditingOrDeletingTheOriginalChangesNothing() throws IOException {
        Path original = local("notes.txt", "first version");
        IndexEntry entry = repository.publish(original, "notes.txt", false).entry();

        Files.writeString(original, "edited afterwards");
        assertThat(Files.readString(root.resolve("notes.txt"))).isEqualTo("first version");
        Files.delete(original);

        assertThat(Files.readString(root.resolve("notes.txt"))).isEqualTo("first version");
        assertThat(entry.sha256()).isEqualTo(TestFiles.sha256("first version".getBytes(StandardCharsets.UTF_8)));
        try (FileChannel served = repository.openForServing(repository.entry("notes.txt").orElseThrow())) {
            assertThat(served.size()).isEqualTo("first version".length());
        }
    }

    @Test
    void shouldReportPublishingTheSameContentTwiceAsUnchanged() throws IOException {
        Path original = local("a.txt", "same");
        assertThat(repository.publish(original, "a.txt", false).outcome()).isEqualTo(PublishResult.Outcome.PUBLISHED);
        assertThat(repository.publish(original, "a.txt", false).outcome()).isEqualTo(PublishResult.Outcome.UNCHANGED);
    }

    @Test
    void shouldRefuseOtherContentUnderATakenNameUnlessReplaceIsAsked() throws IOException {
        repository.publish(local("a.txt", "one"), "a.txt", false);

        assertThatThrownBy(() -> repository.publish(local("b.txt", "two"), "a.txt", false))
                .isInstanceOf(RepositoryException.class)
                .hasMessageContaining("already holds other content").hasMessageContaining("--replace")
                .extracting(e -> ((RepositoryException) e).kind()).isEqualTo(RepositoryException.Kind.CONFLICT);
        assertThat(Files.readString(root.resolve("a.txt"))).isEqualTo("one");

        assertThat(repository.publish(local("b.txt", "two"), "a.txt", true).outcome()).isEqualTo(PublishResult.Outcome.REPLACED);
        assertThat(Files.readString(root.resolve("a.txt"))).isEqualTo("two");
    }

    @Test
    void shouldRejectInvalidNames() throws IOException {
        Path original = local("a.txt", "x");
        for (String bad : List.of("", "..", "a/b", "..\\x", "nul\0", ".peershare", " lead")) {
            assertThatThrownBy(() -> repository.publish(original, bad, false))
                    .isInstanceOf(RepositoryException.class)
                    .extracting(e -> ((RepositoryException) e).kind()).isEqualTo(RepositoryException.Kind.INVALID_INPUT);
        }
        assertThat(repository.entries()).isEmpty();
    }

    @Test
    void shouldExplainAMissingLocalFileOrAFolder() {
        assertThatThrownBy(() -> repository.publish(dir.resolve("missing.txt"), "m.txt", false))
                .hasMessage("no such file: " + dir.resolve("missing.txt"));
        assertThatThrownBy(() -> repository.publish(dir, "d", false)).hasMessageContaining("is a folder");
        assertThatThrownBy(() -> repository.publish(Path.of("relative.txt"), "r.txt", false)).hasMessageContaining("not absolute");
    }

    /** A hasher that cannot open {@code unreadable} (permission denied), as chmod 000 does to anyone but root. */
    private static FileHasher deniedFor(Path unreadable) {
        return new FileHasher(file -> {
            if (file.equals(unreadable)) {
                throw new AccessDeniedException(file.toString());
            }
            return FileChannel.open(file, StandardOpenOption.READ);
        });
    }

    @Test
    void shouldExplainAnUnreadableLocalFile() throws IOException {
        // Runs as root too (CI): the seam refuses the open as the kernel does for other users on chmod 000.
        Path secret = local("secret.txt", "x");
        Repository denied = Repository.open(dir.resolve("denied"), deniedFor(secret));

        assertThatThrownBy(() -> denied.publish(secret, "s.txt", false))
                .isInstanceOf(RepositoryException.class)
                .hasMessageStartingWith("cannot read " + secret + ": permission denied")
                .extracting(e -> ((RepositoryException) e).kind()).isEqualTo(RepositoryException.Kind.INVALID_INPUT);
    }

    @Test
    void shouldShareTheOtherFilesWhenOneCannotBeReadAndPickItUpOnceReadable() throws Exception {
        Files.writeString(root.resolve("fine.txt"), "fine");
        Path locked = Files.writeString(root.resolve("locked.txt"), "locked");
        // Odd entries that must be skipped, not fatal: a FIFO (opening it would block), a dangling and a looping link.
        new ProcessBuilder("mkfifo", root.resolve("pipe").toString()).inheritIO().start().waitFor();
        Files.createSymbolicLink(root.resolve("dangling"), dir.resolve("nowhere"));
        Files.createSymbolicLink(root.resolve("loop"), root.resolve("loop"));

        Repository reopened = Repository.open(root, deniedFor(locked));

        assertThat(reopened.entries()).extracting(IndexEntry::name).containsExactly("fine.txt");
        reopened.scan();
        assertThat(reopened.entries()).extracting(IndexEntry::name).containsExactly("fine.txt");
        Repository readable = Repository.open(root, new FileHasher());
        assertThat(readable.entries()).extracting(IndexEntry::name).containsExactly("fine.txt", "locked.txt");
    }

    @Test
    void shouldHashAgainAFileRewrittenWithTheSameSizeAndItsMtimeSetBack() throws IOException {
        repository.publish(local("a.txt", "original"), "a.txt", false);
        IndexEntry before = repository.entry("a.txt").orElseThrow();
        Path shared = root.resolve("a.txt");
        FileTime mtime = Files.getLastModifiedTime(shared);

        Files.write(shared, "0riginal".getBytes(StandardCharsets.UTF_8)); // other bytes, the same 8 as "original"
        Files.setLastModifiedTime(shared, mtime);
        assertThat(Files.size(shared)).isEqualTo(before.size());
        assertThat(Files.getLastModifiedTime(shared)).isEqualTo(mtime);

        assertThatThrownBy(() -> repository.openForServing(before)).isInstanceOf(FileChangedException.class);
        repository.scan();
        assertThat(repository.entry("a.txt").orElseThrow().sha256())
                .isEqualTo(TestFiles.sha256("0riginal".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void shouldHashAgainAFileReplacedByAnotherWithTheSameSizeAndMtime() throws IOException {
        repository.publish(local("a.txt", "original"), "a.txt", false);
        Path shared = root.resolve("a.txt");
        FileTime mtime = Files.getLastModifiedTime(shared);
        Path other = Files.writeString(root.resolve(".peershare/tmp/other"), "0riginal");
        Files.setLastModifiedTime(other, mtime);
        Files.move(other, shared, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);

        FileHasher counting = new FileHasher();
        Repository reopened = Repository.open(root, counting);

        assertThat(counting.filesHashed()).isEqualTo(1);
        assertThat(reopened.entry("a.txt").orElseThrow().sha256())
                .isEqualTo(TestFiles.sha256("0riginal".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void shouldTrustAnOlderIndexOnSizeAndMtimeOnceAndRecordCtimeAndFileKey() throws IOException {
        IndexEntry entry = repository.publish(local("a.txt", "aaa"), "a.txt", false).entry();
        Path index = root.resolve(".peershare/index.json");
        Files.writeString(index, "{\"version\":2,\"files\":[{\"name\":\"a.txt\",\"size\":3,\"mtime\":\""
                + entry.mtime() + "\",\"sha256\":\"" + entry.sha256().hex() + "\",\"manifest\":\"" + entry.manifest().hex() + "\"}]}");
        FileHasher counting = new FileHasher();

        Repository reopened = Repository.open(root, counting);

        assertThat(counting.filesHashed()).isZero();
        assertThat(reopened.entry("a.txt").orElseThrow().ctime()).isNotNull();
        assertThat(Files.readString(index)).contains("\"ctime\"").contains("\"fileKey\"");
    }

    @Test
    void shouldClearTemporaryFilesLeftByInterruptedIndexAndManifestWrites() throws IOException {
        repository.publish(local("a.txt", "aaa"), "a.txt", false);
        Path meta = root.resolve(".peershare");
        Path index = Files.writeString(meta.resolve("index.json." + java.util.UUID.randomUUID() + ".tmp"), "{\"vers");
        Path manifest = Files.writeString(meta.resolve("manifests/" + "ab".repeat(32) + ".manifest."
                + java.util.UUID.randomUUID() + ".tmp"), "PSM");
        Path copy = Files.writeString(meta.resolve("tmp/publish-x.part"), "half a copy");

        Repository reopened = Repository.open(root, new FileHasher());

        assertThat(index).doesNotExist();
        assertThat(manifest).doesNotExist();
        assertThat(copy).doesNotExist();
        assertThat(meta.resolve("index.json")).exists();
        assertThat(reopened.entries()).extracting(IndexEntry::name).containsExactly("a.txt");
    }

    @Test
    void shouldRehashOnlyFilesWhoseSizeOrMtimeChangedWhenReopened() throws IOException {
        repository.publish(local("a.txt", "aaa"), "a.txt", false);
        repository.publish(local("b.txt", "bbb"), "b.txt", false);
        Files.writeString(root.resolve("b.txt"), "bbbb");  // edited behind the daemon's back
        Files.writeString(root.resolve("c.txt"), "ccc");   // dropped into the folder

        FileHasher counting = new FileHasher();
        Repository reopened = Repository.open(root, counting);

        assertThat(counting.filesHashed()).isEqualTo(2); // b.txt and c.txt, not a.txt
        assertThat(reopened.entries()).extracting(IndexEntry::name).containsExactly("a.txt", "b.txt", "c.txt");
        assertThat(reopened.entry("b.txt").orElseThrow().sha256()).isEqualTo(TestFiles.sha256("bbbb".getBytes()));
    }

    @Test
    void shouldDropEntriesOfFilesRemovedWhileStopped() throws IOException {
        repository.publish(local("a.txt", "aaa"), "a.txt", false);
        Files.delete(root.resolve("a.txt"));
        assertThat(Repository.open(root, new FileHasher()).entries()).isEmpty();
    }

    @Test
    void shouldTellListenersWhatARescanFoundAddedChangedOrRemovedByHand() throws IOException {
        repository.publish(local("kept.txt", "kept"), "kept.txt", false);
        repository.publish(local("gone.txt", "gone"), "gone.txt", false);
        List<String> events = new ArrayList<>();
        repository.addListener(new RepositoryListener() {
            @Override
            public void added(IndexEntry entry) {
                events.add("added " + entry.name());
            }

            @Override
            public void removed(String name) {
                events.add("removed " + name);
            }
        });

        Files.delete(root.resolve("gone.txt"));
        Files.writeString(root.resolve("dropped in.txt"), "copied into the folder by hand");
        repository.scan();

        assertThat(events).containsExactlyInAnyOrder("removed gone.txt", "added dropped in.txt");
        assertThat(repository.entries()).extracting(IndexEntry::name).containsExactly("dropped in.txt", "kept.txt");
        events.clear();
        repository.scan();
        assertThat(events).as("a rescan of an unchanged folder reports nothing").isEmpty();
    }

    @Test
    void shouldWriteTheIndexAtomicallyLeavingNoTemporaryFiles() throws IOException {
        repository.publish(local("a.txt", "aaa"), "a.txt", false);
        Path meta = root.resolve(".peershare");
        assertThat(Files.readString(meta.resolve("index.json"))).contains("\"a.txt\"").contains("\"sha256\"")
                .contains("\"manifest\"");
        try (var files = Files.list(meta)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("index.json", "tmp", "partial", "manifests");
        }
        try (var manifests = Files.list(meta.resolve("manifests"))) {
            assertThat(manifests.map(p -> p.getFileName().toString()))
                    .containsExactly(repository.entry("a.txt").orElseThrow().sha256().hex() + ".manifest");
        }
        try (var temps = Files.list(meta.resolve("tmp"))) {
            assertThat(temps).isEmpty();
        }
    }

    @Test
    void shouldRefuseToServeAFileChangedOnDiskAndReindexIt() throws IOException {
        repository.publish(local("a.txt", "aaa"), "a.txt", false);
        IndexEntry entry = repository.entry("a.txt").orElseThrow();
        Files.writeString(root.resolve("a.txt"), "changed!");
        Files.setLastModifiedTime(root.resolve("a.txt"), FileTime.from(Instant.now().plusSeconds(5)));

        assertThatThrownBy(() -> repository.openForServing(entry)).isInstanceOf(FileChangedException.class);
        org.awaitility.Awaitility.await().untilAsserted(() ->
                assertThat(repository.entry("a.txt").orElseThrow().sha256()).isEqualTo(TestFiles.sha256("changed!".getBytes())));
    }

    @Test
    void shouldPublishConcurrentlyWithoutLosingEntries() throws Exception {
        List<Future<PublishResult>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 40; i++) {
                Path file = local("f" + i, "content " + i);
                String name = "f" + i + ".txt";
                results.add(pool.submit(() -> repository.publish(file, name, false)));
            }
        }
        for (Future<PublishResult> result : results) {
            assertThat(result.get().outcome()).isEqualTo(PublishResult.Outcome.PUBLISHED);
        }
        assertThat(Repository.open(root, new FileHasher()).entries()).hasSize(40);
    }

    @Test
    void shouldStoreThePieceManifestComputedInThePublishingPass() throws IOException {
        byte[] content = Files.readAllBytes(io.peershare.peer.testing.TestFiles.random(dir.resolve("two.bin"),
                io.peershare.protocol.wire.WireLimits.PIECE_SIZE + 5, 9));
        IndexEntry entry = repository.publish(dir.resolve("two.bin"), "two.bin", false).entry();

        io.peershare.protocol.PieceManifest expected = io.peershare.protocol.PieceHasher.of(content).manifest();
        assertThat(entry.manifest()).isEqualTo(expected.root());
        assertThat(repository.manifest(entry)).isEqualTo(expected);
        assertThat(hasher.filesHashed()).isEqualTo(1);
    }

    @Test
    void shouldHashAgainAFileIndexedBeforePiecesExisted() throws IOException {
        IndexEntry entry = repository.publish(local("a.txt", "aaa"), "a.txt", false).entry();
        Path index = root.resolve(".peershare/index.json");
        Files.writeString(index, "{\"version\":1,\"files\":[{\"name\":\"a.txt\",\"size\":3,\"mtime\":\""
                + entry.mtime() + "\",\"sha256\":\"" + entry.sha256().hex() + "\"}]}");
        FileHasher counting = new FileHasher();

        Repository reopened = Repository.open(root, counting);

        assertThat(counting.filesHashed()).isEqualTo(1);
        assertThat(reopened.entry("a.txt").orElseThrow().manifest()).isEqualTo(entry.manifest());
        assertThat(Files.readString(index)).contains("\"manifest\"");
    }

    @Test
    void shouldRecomputeAManifestWhoseFileWasLost() throws IOException {
        IndexEntry entry = repository.publish(local("a.txt", "aaa"), "a.txt", false).entry();
        Path manifest = root.resolve(".peershare/manifests/" + entry.sha256().hex() + ".manifest");
        Files.delete(manifest);

        Repository reopened = Repository.open(root, new FileHasher());

        assertThat(manifest).exists();
        assertThat(reopened.manifest(reopened.entry("a.txt").orElseThrow()).root()).isEqualTo(entry.manifest());
    }

    @Test
    void shouldRefuseToPublishAFileLargerThanPiecesCanDescribe() throws IOException {
        Path huge = dir.resolve("huge.img");
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
            file.setLength((4L << 40) + 1);
        }

        assertThatThrownBy(() -> repository.publish(huge, "huge.img", false))
                .isInstanceOf(RepositoryException.class)
                .hasMessage(huge + " is " + ((4L << 40) + 1) + " bytes; peershare shares files of up to 4 TiB");
        Files.delete(huge);
    }
}
