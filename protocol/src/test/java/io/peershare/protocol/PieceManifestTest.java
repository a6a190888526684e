package io.peershare.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The geometry of pieces and the manifest root of docs/protocol.md, "Pieces and the piece manifest". */
class PieceManifestTest {

    private static final int PIECE = 1 << 20;
    private static final long MAX_PIECES = 1 << 22;

    /** Distinct made-up piece hashes: piece i's bytes are all i + 1. */
    private static byte[] hashes(int count) {
        byte[] hashes = new byte[count * Sha256.LENGTH];
        for (int i = 0; i < hashes.length; i++) {
            hashes[i] = (byte) (i / Sha256.LENGTH + 1);
        }
        return hashes;
    }

    private static PieceManifest manifest(long fileSize) {
        return PieceManifest.of(fileSize, PIECE, hashes(PieceManifest.pieceCount(fileSize, PIECE)));
    }

    @ParameterizedTest
    @CsvSource({
            "0, 0",
            "1, 1",
            "1048575, 1",
            "1048576, 1",
            "1048577, 2",
            "1073741824, 1024",
            "4398046511104, 4194304"})
    void shouldCutAFileIntoCeilOfSizeOverOneMebibytePieces(long fileSize, int pieces) {
        assertThat(PieceManifest.pieceCount(fileSize, PIECE)).isEqualTo(pieces);
        assertThat(PieceManifest.fits(fileSize)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(longs = {4398046511105L, 1L << 50, Long.MAX_VALUE - PIECE, Long.MAX_VALUE})
    void shouldRefuseAFileOfMoreThanTwoToTheTwentyTwoPieces(long fileSize) {
        // Long.MAX_VALUE is the case a naive (size + piece - 1) / piece gets wrong: the sum overflows to negative
        assertThat(PieceManifest.fits(fileSize)).isFalse();
        assertThatIllegalArgumentException().isThrownBy(() -> PieceManifest.pieceCount(fileSize, PIECE))
                .withMessageContaining("allows 4194304 (files up to 4 TiB)");
        assertThatIllegalArgumentException().isThrownBy(() -> PieceManifest.of(fileSize, PIECE, new byte[0]));
    }

    @Test
    void shouldRefuseANegativeSizeOrPieceSize() {
        assertThat(PieceManifest.fits(-1)).isFalse();
        assertThatIllegalArgumentException().isThrownBy(() -> PieceManifest.pieceCount(-1, PIECE)).withMessageContaining("-1");
        assertThatIllegalArgumentException().isThrownBy(() -> PieceManifest.pieceCount(10, 0)).withMessageContaining("piece size");
        assertThatIllegalArgumentException().isThrownBy(() -> PieceManifest.of(10, -5, hashes(1))).withMessageContaining("-5");
    }

    @Test
    void shouldGiveAnEmptyFileNoPieces() {
        PieceManifest empty = manifest(0);

        assertThat(empty.pieceCount()).isZero();
        assertThat(empty.hashBytes()).isEmpty();
        assertThat(empty.root()).isEqualTo(ExampleFile.EMPTY_ROOT);
        assertThatThrownBy(() -> empty.offset(0)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void shouldGiveOneByteOnePieceOfOneByte() {
        PieceManifest tiny = manifest(1);

        assertThat(tiny.pieceCount()).isEqualTo(1);
        assertThat(tiny.offset(0)).isZero();
        assertThat(tiny.length(0)).isEqualTo(1);
    }

    @Test
    void shouldGiveExactlyOneMebibyteOneWholePiece() {
        PieceManifest one = manifest(PIECE);

        assertThat(one.pieceCount()).isEqualTo(1);
        assertThat(one.length(0)).isEqualTo(PIECE);
        assertThatThrownBy(() -> one.length(1)).isInstanceOf(IndexOutOfBoundsException.class).hasMessage("piece 1 of a file of 1 pieces");
    }

    @Test
    void shouldGiveOneMebibytePlusOneAShortLastPiece() {
        PieceManifest two = manifest(PIECE + 1L);

        assertThat(two.pieceCount()).isEqualTo(2);
        assertThat(two.offset(1)).isEqualTo(PIECE);
        assertThat(two.length(0)).isEqualTo(PIECE);
        assertThat(two.length(1)).isEqualTo(1);
        assertThatThrownBy(() -> two.hash(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void shouldComputeOffsetsBeyondFourGibibytesWithoutOverflow() {
        // the largest legal manifest would hold 128 MiB of hashes; 2 GiB pieces reach the same arithmetic cheaply
        int huge = Integer.MAX_VALUE;
        PieceManifest manifest = PieceManifest.of(3L * huge - 1, huge, hashes(3));

        assertThat(manifest.offset(2)).isEqualTo(2L * huge);
        assertThat(manifest.length(2)).isEqualTo(huge - 1);
    }

    @Test
    void shouldComputeTheRootOverPieceSizeFileSizeAndTheHashesInOrder() throws Exception {
        byte[] hashes = hashes(3);
        long fileSize = 2L * PIECE + 7;
        ByteArrayOutputStream layout = new ByteArrayOutputStream();
        layout.write(new byte[] {0x00, 0x10, 0x00, 0x00});                         // piece_size u32 = 1 048 576
        layout.write(new byte[] {0x00, 0x00, 0x00, 0x00, 0x00, 0x20, 0x00, 0x07}); // file_size u64 = 2 MiB + 7
        layout.write(hashes);                                                       // hash(piece 0) | 1 | 2
        Sha256 expected = new Sha256(MessageDigest.getInstance("SHA-256").digest(layout.toByteArray()));

        PieceManifest manifest = PieceManifest.of(fileSize, PIECE, hashes);

        assertThat(manifest.root()).isEqualTo(expected);
        assertThat(PieceManifest.computeRoot(fileSize, PIECE, hashes)).isEqualTo(expected);
    }

    @Test
    void shouldGiveTheRootOfTheDocumentsExampleFile() {
        byte[] hashes = new byte[2 * Sha256.LENGTH];
        System.arraycopy(ExampleFile.PIECE_0.bytes(), 0, hashes, 0, Sha256.LENGTH);
        System.arraycopy(ExampleFile.PIECE_1.bytes(), 0, hashes, Sha256.LENGTH, Sha256.LENGTH);

        assertThat(PieceManifest.of(ExampleFile.SIZE, PIECE, hashes).root()).isEqualTo(ExampleFile.ROOT);
    }

    @Test
    void shouldTellAnotherSizeOrOrderOfTheSameHashesByTheRoot() {
        byte[] hashes = hashes(2);
        byte[] swapped = new byte[hashes.length];
        System.arraycopy(hashes, 32, swapped, 0, 32);
        System.arraycopy(hashes, 0, swapped, 32, 32);

        Sha256 root = PieceManifest.of(PIECE + 1L, PIECE, hashes).root();

        assertThat(PieceManifest.of(PIECE + 2L, PIECE, hashes).root()).isNotEqualTo(root);
        assertThat(PieceManifest.of(PIECE + 1L, PIECE, swapped).root()).isNotEqualTo(root);
    }

    @Test
    void shouldMatchADigestOnlyAgainstItsOwnPiece() {
        PieceManifest manifest = manifest(3L * PIECE);
        byte[] second = manifest.hash(1).bytes();

        assertThat(manifest.matches(1, second)).isTrue();
        assertThat(manifest.matches(0, second)).isFalse();
        assertThat(manifest.matches(2, second)).isFalse();
        assertThat(manifest.matches(1, java.util.Arrays.copyOf(second, 31))).isFalse();
        assertThatThrownBy(() -> manifest.matches(3, second)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void shouldRefuseANumberOfHashesThatDoesNotFitTheSize() {
        assertThatIllegalArgumentException().isThrownBy(() -> PieceManifest.of(PIECE + 1L, PIECE, hashes(1)))
                .withMessageContaining("has 2 pieces of 1048576 bytes, but 1 piece hashes were given");
        assertThatIllegalArgumentException().isThrownBy(() -> PieceManifest.of(0, PIECE, hashes(1)));
        assertThatIllegalArgumentException().isThrownBy(() -> PieceManifest.of(1, PIECE, new byte[33]));
    }

    @Test
    void shouldKeepItsHashesToItself() {
        byte[] hashes = hashes(2);
        PieceManifest manifest = PieceManifest.of(2L * PIECE, PIECE, hashes);
        Sha256 root = manifest.root();

        hashes[0] ^= 1;
        manifest.hashBytes()[0] ^= 1;

        assertThat(manifest.hashBytes()).isEqualTo(hashes(2));
        assertThat(PieceManifest.computeRoot(2L * PIECE, PIECE, manifest.hashBytes())).isEqualTo(root);
    }

    @Test
    void shouldBeEqualExactlyWhenGeometryAndHashesAre() {
        assertThat(manifest(PIECE + 1L)).isEqualTo(manifest(PIECE + 1L)).hasSameHashCodeAs(manifest(PIECE + 1L));
        assertThat(manifest(PIECE + 1L)).isNotEqualTo(manifest(PIECE + 2L));
        assertThat(manifest(PIECE + 1L).toString()).contains("2 pieces", manifest(PIECE + 1L).root().hex());
    }
}
