package io.peershare.tracker.registry;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The prefix key a search orders candidates by must never contradict the listing order. */
class NameOrderTest {

    /** Letters that fold (Latin, Greek, Turkish dotless i, Kelvin sign), code points past 254, one outside the BMP. */
    private static final int[] ALPHABET = {'a', 'B', 'b', 'z', 'Z', '-', '.', '0', '9', 0xE9, 0xC9, 0xFE, 0xFF, 0x131,
        'I', 0x212A, 'k', 0x3A3, 0x3C3, 0x4E00, 0x1F600};

    @Test
    void aNameBeforeAnotherNeverHasTheLargerPrefixKey() {
        Random random = new Random(11);
        List<String> names = new ArrayList<>();
        for (int n = 0; n < 600; n++) {
            StringBuilder name = new StringBuilder();
            int length = 1 + random.nextInt(12);
            for (int i = 0; i < length; i++) {
                name.appendCodePoint(ALPHABET[random.nextInt(i < 6 ? 6 : ALPHABET.length)]); // shared prefixes are common
            }
            names.add(name.toString());
        }
        names.addAll(List.of("ab", "abc", "AB", "abcdefgh", "abcdefghi", "abcdefgH", "\u4e00", "a\u4e00", "a\u4e00b"));
        int ordered = 0;
        for (String a : names) {
            for (String b : names) {
                if (NameOrder.INSTANCE.compare(a, b) < 0) {
                    assertThat(Long.compareUnsigned(NameOrder.prefixKey(a), NameOrder.prefixKey(b)))
                            .as("%s before %s", a, b).isLessThanOrEqualTo(0);
                    ordered += Long.compareUnsigned(NameOrder.prefixKey(a), NameOrder.prefixKey(b)) < 0 ? 1 : 0;
                }
            }
        }
        assertThat(ordered).as("pairs the key alone orders").isGreaterThan(names.size() * names.size() / 4);
    }

    @Test
    void theKeyIsTheFoldedBytesOfTheFirstEightCharacters() {
        assertThat(NameOrder.prefixKey("AbCdEfGhIj")).isEqualTo(NameOrder.prefixKey("abcdefgh"));
        assertThat(NameOrder.prefixKey("ab")).isEqualTo(0x6162L << 48);
        assertThat(NameOrder.prefixKey("a\u4e00")).isEqualTo(0x61FF_FFFF_FFFF_FFFFL);
        assertThat(NameOrder.prefixKey("")).isZero();
    }
}
