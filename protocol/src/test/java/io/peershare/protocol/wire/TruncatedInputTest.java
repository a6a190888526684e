package io.peershare.protocol.wire;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.EOFException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import static io.peershare.protocol.wire.Frames.decode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Failure class "truncated": a connection that closes inside a frame is an {@link EOFException}, at every
 * possible cut, and never a hang or a half-built message.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TruncatedInputTest {

    @ParameterizedTest
    @MethodSource("io.peershare.protocol.wire.RoundTripTest#messages")
    void shouldReportEndOfStreamForEveryPrefixOfAValidFrame(Message message) {
        byte[] frame = WireCodec.encode(message);

        for (int cut = 0; cut < frame.length; cut++) {
            byte[] prefix = Arrays.copyOf(frame, cut);
            assertThatThrownBy(() -> decode(prefix))
                    .as("%s cut after %d of %d bytes", message.type(), cut, frame.length)
                    .isInstanceOf(EOFException.class)
                    .hasMessageContaining("connection closed after");
        }
    }

    @ParameterizedTest
    @MethodSource("io.peershare.protocol.wire.RoundTripTest#versionTwoMessages")
    void shouldReportEndOfStreamForEveryPrefixOfAVersionTwoFrame(Message message) {
        byte[] frame = WireCodec.encode(message, 2);
        // the largest frames (a full bitfield) have half a million prefixes; every cut inside the header and
        // the first 512 bytes, then a stride, covers each field boundary of every layout and stays fast
        int stride = frame.length > 4096 ? 4093 : 1;

        for (int cut = 0; cut < frame.length; cut += cut < 512 ? 1 : stride) {
            byte[] prefix = Arrays.copyOf(frame, cut);
            assertThatThrownBy(() -> decode(prefix, 2))
                    .as("%s cut after %d of %d bytes", message.type(), cut, frame.length)
                    .isInstanceOf(EOFException.class)
                    .hasMessageContaining("connection closed after");
        }
        assertThatThrownBy(() -> decode(Arrays.copyOf(frame, frame.length - 1), 2)).isInstanceOf(EOFException.class);
    }

    @Test
    void shouldNameWhatWasCutInTheMessage() {
        byte[] frame = WireCodec.encode(new Ping(7));

        assertThatThrownBy(() -> decode(Arrays.copyOf(frame, 3)))
                .isInstanceOf(EOFException.class).hasMessageContaining("3 of 8 bytes of frame header");
        assertThatThrownBy(() -> decode(Arrays.copyOf(frame, 12)))
                .isInstanceOf(EOFException.class).hasMessageContaining("4 of 8 bytes of PING payload");
    }

    @Test
    void shouldReportEndOfStreamOnAnEmptyConnection() {
        assertThatThrownBy(() -> decode(new byte[0])).isInstanceOf(EOFException.class);
    }
}
