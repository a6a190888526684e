package io.peershare.protocol;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** One pass over a file gives its SHA-256 and its manifest, however the bytes are chunked on the way. */
class PieceHasherTest {

    private static final int PIECE = 1 << 20;

    private static Sha256 sha256(byte[] bytes, int from, int to) {
        return new Sha256(Sha256.newDigest().digest(Arrays.copyOfRange(bytes, from, to)));
    }

    /** Deterministic content: reproducible, and no two pieces alike. */
    private static byte[] content(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    @Test
    void shouldHashAnEmptyFileToNoPieces() {
        PieceHasher.Result result = PieceHasher.of(new byte[0]);

        assertThat(result.size()).isZero();
        assertThat(result.sha256().hex()).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(result.manifest().pieceCount()).isZero();
        assertThat(result.manifest().root()).isEqualTo(ExampleFile.EMPTY_ROOT);
    }

    @Test
    void shouldHashOneByteToOnePiece() {
        byte[] one = {42};

        PieceHasher.Result result = PieceHasher.of(one);

        assertThat(result.manifest().pieceCount()).isEqualTo(1);
        assertThat(result.manifest().hash(0)).isEqualTo(result.sha256()).isEqualTo(sha256(one, 0, 1));
    }

    @Test
    void shouldHashExactlyOneMebibyteToOneWholePiece() {
        byte[] bytes = content(PIECE);

        PieceHasher.Result result = PieceHasher.of(bytes);

        assertThat(result.manifest().pieceCount()).isEqualTo(1);
        assertThat(result.manifest().hash(0)).isEqualTo(sha256(bytes, 0, PIECE));
    }

    @Test
    void shouldHashOneMebibytePlusOneToTwoPieces() {
        byte[] bytes = content(PIECE + 1);

        PieceHasher.Result result = PieceHasher.of(bytes);

        assertThat(result.size()).isEqualTo(PIECE + 1L);
        assertThat(result.sha256()).isEqualTo(sha256(bytes, 0, PIECE + 1));
        assertThat(result.manifest().pieceCount()).isEqualTo(2);
        assertThat(result.manifest().hash(0)).isEqualTo(sha256(bytes, 0, PIECE));
        assertThat(result.manifest().hash(1)).isEqualTo(sha256(bytes, PIECE, PIECE + 1));
        assertThat(result.manifest().matches(1, sha256(bytes, PIECE, PIECE + 1).bytes())).isTrue();
    }

    @Test
    void shouldHashTheDocumentsExampleFile() {
        PieceHasher.Result result = PieceHasher.of(ExampleFile.content());

        assertThat(result.sha256()).isEqualTo(ExampleFile.SHA256);
        assertThat(result.manifest().hash(0)).isEqualTo(ExampleFile.PIECE_0);
        assertThat(result.manifest().hash(1)).isEqualTo(ExampleFile.PIECE_1);
        assertThat(result.manifest().root()).isEqualTo(ExampleFile.ROOT);
    }

    @Test
    void shouldGiveTheSameResultForOddSizedChunksAsForOneCall() {
        byte[] bytes = content(3 * PIECE + 17);
        // chunks that end one byte before, at, and one byte after piece boundaries, and tiny ones in between
        int[] chunks = {1, 7, PIECE - 8, 1, 1, PIECE - 1, 4093, PIECE + 3, 2, 1};
        PieceHasher hasher = new PieceHasher();
        int at = 0;
        for (int i = 0; at < bytes.length; i++) {
            int length = Math.min(chunks[i % chunks.length], bytes.length - at);
            hasher.update(bytes, at, length);
            at += length;
        }

        PieceHasher.Result chunked = hasher.finish();

        assertThat(chunked).isEqualTo(PieceHasher.of(bytes));
        assertThat(chunked.manifest().pieceCount()).isEqualTo(4);
        assertThat(chunked.manifest().hash(3)).isEqualTo(sha256(bytes, 3 * PIECE, bytes.length));
    }

    @Test
    void shouldHashOnlyTheRemainingBytesOfABufferAndConsumeThem() {
        byte[] bytes = content(100);
        ByteBuffer direct = ByteBuffer.allocateDirect(120);
        direct.put(new byte[10]).put(bytes).put(new byte[10]).flip();
        direct.position(10).limit(110);
        PieceHasher hasher = new PieceHasher(16);

        hasher.update(direct);

        assertThat(direct.hasRemaining()).isFalse();
        PieceHasher.Result result = hasher.finish();
        assertThat(result.sha256()).isEqualTo(sha256(bytes, 0, 100));
        assertThat(result.manifest().pieceCount()).isEqualTo(7);
        assertThat(result.manifest().hash(6)).isEqualTo(sha256(bytes, 96, 100));
    }

    @Property(tries = 300)
    void anyChunkingGivesTheSameResult(@ForAll @Size(max = 200) byte[] bytes,
                                       @ForAll @Size(min = 1, max = 20) List<@IntRange(min = 1, max = 40) Integer> chunks,
                                       @ForAll @IntRange(min = 1, max = 33) int pieceSize) {
        PieceHasher whole = new PieceHasher(pieceSize);
        whole.update(bytes, 0, bytes.length);
        PieceHasher chunked = new PieceHasher(pieceSize);
        int at = 0;
        for (int i = 0; at < bytes.length; i++) {
            int length = Math.min(chunks.get(i % chunks.size()), bytes.length - at);
            chunked.update(ByteBuffer.wrap(bytes, at, length));
            at += length;
        }

        assertThat(chunked.finish()).isEqualTo(whole.finish());
    }

    @Test
    void shouldRefuseAPieceSizeThatWouldNeverEndAPiece() {
        assertThatIllegalArgumentException().isThrownBy(() -> new PieceHasher(0)).withMessageContaining("positive");
        assertThatIllegalArgumentException().isThrownBy(() -> new PieceHasher(-1));
    }

    @Test
    void shouldRefuseToGoOnAfterFinishing() {
        PieceHasher hasher = new PieceHasher();
        hasher.update(new byte[] {1}, 0, 1);
        hasher.finish();

        assertThatIllegalStateException().isThrownBy(hasher::finish).withMessageContaining("finished");
        assertThatIllegalStateException().isThrownBy(() -> hasher.update(new byte[] {2}, 0, 1));
    }
}
