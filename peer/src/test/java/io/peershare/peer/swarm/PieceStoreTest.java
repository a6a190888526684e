package io.peershare.peer.swarm;

import io.peershare.peer.testing.TestFiles;
import io.peershare.protocol.PieceHasher;
import io.peershare.protocol.PieceManifest;
import io.peershare.protocol.Sha256;
import io.peershare.protocol.wire.WireLimits;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PieceStoreTest {

    @TempDir
    Path dir;
    byte[] content;
    Sha256 sha;
    PieceManifest manifest;

    @BeforeEach
    void setUp() throws IOException {
        content = Files.readAllBytes(TestFiles.random(dir.resolve("f"), 4L * WireLimits.PIECE_SIZE + 100, 3));
        sha = TestFiles.sha256(content);
        manifest = PieceHasher.of(content).manifest();
    }

    private ByteBuffer piece(int i) {
        return ByteBuffer.wrap(content, (int) manifest.offset(i), manifest.length(i)).slice();
    }

    @Test
    void shouldHoldWrittenPiecesAndCheckTheWholeFileWhenCompleteInAnyOrder() throws Exception {
        try (PieceStore store = PieceStore.open(dir, "f", sha, manifest)) {
            for (int i : new int[] {4, 1, 3, 0, 2}) {
                store.write(i, piece(i));
            }
            assertThat(store.held().complete()).isTrue();
            Path data = store.finish();
            assertThat(Files.readAllBytes(data)).isEqualTo(content);
        }
    }

    @Test
    void shouldResumeWithTheMarkedPiecesThatStillMatchTheirHash() throws IOException {
        try (PieceStore store = PieceStore.open(dir, "f", sha, manifest)) {
            store.write(0, piece(0));
            store.write(2, piece(2));
            store.write(3, piece(3));
        }
        // Damage piece 2 on disk, as a crash mid-write or a failing disk could.
        try (RandomAccessFile data = new RandomAccessFile(dir.resolve(sha.hex() + ".data").toFile(), "rw")) {
            data.seek(manifest.offset(2) + 10);
            data.write(0x42);
        }

        try (PieceStore resumed = PieceStore.open(dir, "f", sha, manifest)) {
            assertThat(resumed.resumedPieces()).isEqualTo(2);
            assertThat(resumed.held().snapshot().stream().boxed()).containsExactly(0, 3);
        }
    }

    @Test
    void shouldStartAfreshWhenThePartialWasMadeAgainstAnotherManifest() throws IOException {
        try (PieceStore store = PieceStore.open(dir, "f", sha, manifest)) {
            store.write(0, piece(0));
        }
        byte[] other = content.clone();
        other[0] ^= 1;
        PieceManifest otherManifest = PieceHasher.of(other).manifest();

        try (PieceStore fresh = PieceStore.open(dir, "f", sha, otherManifest)) {
            assertThat(fresh.resumedPieces()).isZero();
            assertThat(fresh.held().count()).isZero();
        }
        assertThat(PieceStore.manifestRootOf(dir, sha)).contains(otherManifest.root());
    }

    @Test
    void shouldRefuseToFinishWhenThePiecesDoNotMakeTheFile() throws IOException {
        Sha256 claimed = TestFiles.sha256("something else".getBytes());
        try (PieceStore store = PieceStore.open(dir, "f", claimed, manifest)) {
            for (int i = 0; i < manifest.pieceCount(); i++) {
                store.write(i, piece(i));
            }
            assertThatThrownBy(store::finish).isInstanceOf(PieceStore.WholeFileMismatchException.class)
                    .hasMessageContaining("the pieces make a file with sha256 " + sha.hex());
        }
    }

    @Test
    void shouldDeleteEveryFileWhenDiscarded() throws IOException {
        PieceStore store = PieceStore.open(dir, "f", sha, manifest);
        store.write(1, piece(1));
        store.discard();

        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("f");
        }
    }

    @Test
    void shouldRefuseAPieceOfTheWrongLength() throws IOException {
        try (PieceStore store = PieceStore.open(dir, "f", sha, manifest)) {
            assertThatThrownBy(() -> store.write(4, ByteBuffer.allocate(5)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("piece 4 has 100 bytes, got 5");
        }
    }
}
