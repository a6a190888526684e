package io.peershare.protocol.wire;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;

import static io.peershare.protocol.wire.Frames.sha;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/** Failure class "invalid value at the source": the records refuse to exist with values the wire cannot carry. */
class MessageValidationTest {

    @Test
    void shouldRefuseNegativeGetOffsetsAndLengths() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Get("a", sha(1), -1, 1)).withMessageContaining("-1");
        assertThatIllegalArgumentException().isThrownBy(() -> new Get("a", sha(1), 0, -2)).withMessageContaining("-2");
        assertThat(new Get("a", sha(1), 0, Get.TO_END).length()).isEqualTo(-1);
    }

    @Test
    void shouldRefuseAnInvalidNameOrMissingDigestInGet() {
        assertThatIllegalArgumentException().isThrownBy(() -> Get.whole("../x", sha(1))).withMessageContaining("path separator");
        assertThatNullPointerException().isThrownBy(() -> Get.whole("x", null));
    }

    @Test
    void shouldRefuseDataRangesOutsideTheFile() {
        assertThatIllegalArgumentException().isThrownBy(() -> new DataHeader(-1, 0, 0, sha(1)));
        assertThatIllegalArgumentException().isThrownBy(() -> new DataHeader(0, 0, -1, sha(1)));
        assertThatIllegalArgumentException().isThrownBy(() -> new DataHeader(5, 6, 10, sha(1))).withMessageContaining("5+6");
        assertThatIllegalArgumentException().isThrownBy(() -> new DataHeader(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, sha(1)));
        assertThat(new DataHeader(10, 0, 10, sha(1)).length()).isZero();
    }

    @Test
    void shouldRefuseFieldsThatDoNotFitTheirWireWidth() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Hello(1, 256, "")).withMessageContaining("max_version");
        assertThatIllegalArgumentException().isThrownBy(() -> new HelloAck(256, ""));
        assertThatIllegalArgumentException().isThrownBy(() -> new ListFiles(-1));
        assertThatIllegalArgumentException().isThrownBy(() -> new ListFiles(0x1_0000_0000L));
        assertThatIllegalArgumentException().isThrownBy(() -> new ErrorMessage(0x1_0000, "x"));
        assertThatIllegalArgumentException().isThrownBy(() -> new Hello(1, 1, "a".repeat(WireLimits.MAX_AGENT_BYTES + 1)));
    }

    @Test
    void shouldRefuseListResultPagesThatLie() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ListResult(1, 1, List.of(new FileInfo("a", 0, sha(1)))));
        List<FileInfo> tooMany = new ArrayList<>(Collections.nCopies(WireLimits.MAX_LIST_ENTRIES + 1, new FileInfo("a", 0, sha(1))));
        assertThatIllegalArgumentException().isThrownBy(() -> new ListResult(0xFFFF_FFFFL, 0, tooMany)).withMessageContaining("2048");
        assertThatIllegalArgumentException().isThrownBy(() -> new FileInfo("a", -1, sha(1)));
    }

    @Test
    void shouldCopyTheListResultFilesSoTheMessageCannotChangeAfterSending() {
        List<FileInfo> files = new ArrayList<>(List.of(new FileInfo("a", 0, sha(1))));
        ListResult page = new ListResult(2, 0, files);
        files.add(new FileInfo("b", 0, sha(2)));

        assertThat(page.files()).hasSize(1);
    }

    @Test
    void shouldTruncateALongErrorMessageWithoutSplittingACharacter() {
        String text = "😀".repeat(1000);

        ErrorMessage error = new ErrorMessage(ErrorCode.INTERNAL, text);

        byte[] utf8 = error.message().getBytes(StandardCharsets.UTF_8);
        assertThat(utf8.length).isLessThanOrEqualTo(WireLimits.MAX_ERROR_MESSAGE_BYTES);
        assertThat(error.message()).endsWith("...").startsWith("😀😀");
        assertThat(new String(utf8, StandardCharsets.UTF_8)).isEqualTo(error.message());
    }

    // --- version 2 ---

    private static final int PIECE = WireLimits.PIECE_SIZE;

    @Test
    void shouldRefuseAManifestPageWithAnotherPieceSize() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ManifestPage(10, 1 << 18, 1, 0, List.of(sha(1))))
                .withMessageContaining("piece_size is 262144");
        assertThatIllegalArgumentException().isThrownBy(() -> new ManifestPage(10, 0, 1, 0, List.of(sha(1))));
    }

    @Test
    void shouldRefuseAManifestPageWhosePieceCountDoesNotFitTheFileSize() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ManifestPage(PIECE + 1L, PIECE, 1, 0, List.of()))
                .withMessageContaining("piece_count 1 does not fit file_size 1048577 (2 pieces)");
        assertThatIllegalArgumentException().isThrownBy(() -> new ManifestPage(0, PIECE, 1, 0, List.of()));
        assertThatIllegalArgumentException().isThrownBy(() -> new ManifestPage(-1, PIECE, 0, 0, List.of()))
                .withMessageContaining("negative");
        long tooBig = (long) WireLimits.MAX_PIECES * PIECE + 1;
        assertThatIllegalArgumentException().isThrownBy(() -> new ManifestPage(tooBig, PIECE, WireLimits.MAX_PIECES + 1L, 0, List.of()))
                .withMessageContaining("4194305 pieces");
    }

    @Test
    void shouldRefuseAManifestPageBeyondThePiecesOrTheEntryLimit() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ManifestPage(PIECE, PIECE, 1, 1, List.of(sha(1))))
                .withMessageContaining("page 1+1 exceeds piece_count 1");
        assertThatIllegalArgumentException().isThrownBy(() -> new ManifestPage(PIECE, PIECE, 1, 2, List.of()));
        List<io.peershare.protocol.Sha256> tooMany = Collections.nCopies(WireLimits.MAX_MANIFEST_ENTRIES + 1, sha(1));
        long size = (long) PIECE * tooMany.size();
        assertThatIllegalArgumentException().isThrownBy(() -> new ManifestPage(size, PIECE, tooMany.size(), 0, tooMany))
                .withMessageContaining("16384");
        assertThat(new ManifestPage(PIECE, PIECE, 1, 1, List.of()).hashes()).isEmpty();
    }

    @Test
    void shouldRefuseABitfieldWithBitsBeyondItsPiecesOrTooManyPieces() {
        BitSet bits = new BitSet();
        bits.set(10);
        assertThatIllegalArgumentException().isThrownBy(() -> new BitfieldResult(10, bits)).withMessageContaining("bit 10");
        assertThatIllegalArgumentException().isThrownBy(() -> new BitfieldResult(WireLimits.MAX_PIECES + 1L, new BitSet()))
                .withMessageContaining("4194305");
        assertThatIllegalArgumentException().isThrownBy(() -> new BitfieldResult(-1, new BitSet()));
        assertThat(new BitfieldResult(11, bits).held()).isEqualTo(1);
    }

    @Test
    void shouldCopyTheBitfieldInAndOut() {
        BitSet bits = new BitSet();
        bits.set(1);
        BitfieldResult result = new BitfieldResult(4, bits);
        bits.set(2);
        result.pieces().set(3);

        assertThat(result.pieces()).isEqualTo(BitSet.valueOf(new byte[] {0b10}));
        assertThat(result.held()).isEqualTo(1);
    }

    @Test
    void shouldRefuseHaveEntriesBeyondTheTotalOrOutsideThePieceRange() {
        assertThatIllegalArgumentException().isThrownBy(() -> new HaveResult(4, 5, List.of(1, 2)))
                .withMessageContaining("4+2 exceed total 5");
        assertThatIllegalArgumentException().isThrownBy(() -> new HaveResult(0, 1, List.of(WireLimits.MAX_PIECES)))
                .withMessageContaining("piece 4194304 is out of range");
        assertThatIllegalArgumentException().isThrownBy(() -> new HaveResult(0, 1, List.of(-1)))
                .withMessageContaining("piece 4294967295 is out of range");
        assertThatIllegalArgumentException().isThrownBy(() -> new HaveResult(0, WireLimits.MAX_PIECES + 1L, List.of()))
                .withMessageContaining("total 4194305");
        List<Integer> tooMany = Collections.nCopies(WireLimits.MAX_HAVE_ENTRIES + 1, 0);
        assertThatIllegalArgumentException().isThrownBy(() -> new HaveResult(0, tooMany.size(), tooMany))
                .withMessageContaining("16384");
    }

    @Test
    void shouldRefuseARetryAfterAboveAMinute() {
        assertThatIllegalArgumentException().isThrownBy(() -> new RetryLater(60_001, "x")).withMessageContaining("60001");
        assertThatIllegalArgumentException().isThrownBy(() -> new RetryLater(-1, "x"));
        assertThatIllegalArgumentException().isThrownBy(() -> new RetryLater(1, "x".repeat(1025)));
        assertThat(new RetryLater(60_000, "x").retryAfterMillis()).isEqualTo(60_000);
    }

    @Test
    void shouldRefuseInvalidNamesAndSerialsInTheVersionTwoRequests() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ManifestRequest("../x", sha(1), 0)).withMessageContaining("path separator");
        assertThatIllegalArgumentException().isThrownBy(() -> new BitfieldRequest("..", sha(1)));
        assertThatIllegalArgumentException().isThrownBy(() -> new HaveRequest("a\nb", sha(1), 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new ManifestRequest("a", sha(1), 0x1_0000_0000L));
        assertThatIllegalArgumentException().isThrownBy(() -> new HaveRequest("a", sha(1), -1));
        assertThatNullPointerException().isThrownBy(() -> new BitfieldRequest("a", null));
    }

    @Test
    void shouldRefuseAnOverlongErrorMessageThroughTheRawConstructor() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ErrorMessage(16, "x".repeat(1025)));
    }
}
