package io.peershare.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class Sha256Test {

    static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @Test
    void shouldComputeTheStandardTestVector() {
        byte[] digest = Sha256.newDigest().digest("abc".getBytes(StandardCharsets.US_ASCII));

        assertThat(new Sha256(digest).hex()).isEqualTo(ABC);
    }

    @Test
    void shouldParseAndPrintLowercaseHex() {
        Sha256 parsed = Sha256.parse(ABC);

        assertThat(parsed.hex()).isEqualTo(ABC);
        assertThat(parsed).hasToString(ABC);
        assertThat(parsed.bytes()).hasSize(32).startsWith((byte) 0xba, (byte) 0x78);
    }

    @Test
    void shouldAcceptUppercaseHexAndPrintItLowercase() {
        Sha256 parsed = Sha256.parse(ABC.toUpperCase());

        assertThat(parsed).isEqualTo(Sha256.parse(ABC));
        assertThat(parsed.hex()).isEqualTo(ABC);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a",
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad0",
            "ga7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            "0xa7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a ",
            "ba7816bf-8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a"})
    void shouldRejectAnythingButSixtyFourHexDigits(String hex) {
        assertThat(Sha256.isValidHex(hex)).isFalse();
        assertThatIllegalArgumentException().isThrownBy(() -> Sha256.parse(hex))
                .withMessageStartingWith("sha256 must be 64 hex characters");
    }

    @Test
    void shouldSayHowLongTheWrongInputWas() {
        assertThatIllegalArgumentException().isThrownBy(() -> Sha256.parse("abc")).withMessageContaining("got 3 characters");
        assertThatIllegalArgumentException().isThrownBy(() -> Sha256.parse(null)).withMessageContaining("got none");
    }

    @Test
    void shouldRejectDigestsOfTheWrongSize() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Sha256(new byte[31])).withMessageContaining("got 31");
        assertThatIllegalArgumentException().isThrownBy(() -> new Sha256(new byte[33])).withMessageContaining("got 33");
        assertThatIllegalArgumentException().isThrownBy(() -> new Sha256(null)).withMessageContaining("got none");
    }

    @Test
    void shouldCompareByContentAndStayImmutable() {
        byte[] bytes = Sha256.parse(ABC).bytes();
        Sha256 digest = new Sha256(bytes);
        bytes[0] = 0;
        digest.bytes()[1] = 0;

        assertThat(digest).isEqualTo(Sha256.parse(ABC)).hasSameHashCodeAs(Sha256.parse(ABC));
        assertThat(digest).isNotEqualTo(new Sha256(bytes));
        assertThat(Sha256.isValidHex(ABC)).isTrue();
    }
}
