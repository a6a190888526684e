package io.peershare.protocol.wire;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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

    @Test
    void shouldRefuseAnOverlongErrorMessageThroughTheRawConstructor() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ErrorMessage(16, "x".repeat(1025)));
    }
}
