package io.peershare.protocol.wire;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;

import static io.peershare.protocol.wire.Frames.decode;
import static io.peershare.protocol.wire.Frames.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Failure class "unknown type", per version: a type id is known only in the frames of a version that has it,
 * so the ids version 2 adds are as unknown in a version-1 frame as an id no version assigns.
 */
class UnknownTypeTest {

    private static ProtocolException rejected(byte[] frame, int version) {
        ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> decode(frame, version));
        assertThat(e).as("decoding should have failed with a ProtocolException").isNotNull();
        return e;
    }

    @ParameterizedTest
    @ValueSource(ints = {0x00, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F, 0x10, 0x7E, 0x80, 0xFF})
    void shouldRejectAnIdVersionOneDoesNotHave(int typeId) {
        ProtocolException e = rejected(frame(1, typeId, new byte[0]), 1);

        assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_TYPE);
        assertThat(e).hasMessage(String.format("unknown frame type 0x%02X in protocol version 1", typeId));
    }

    @ParameterizedTest
    @ValueSource(ints = {0x00, 0x10, 0x11, 0x7E, 0x80, 0xFF})
    void shouldRejectAnIdVersionTwoDoesNotHave(int typeId) {
        ProtocolException e = rejected(frame(2, typeId, new byte[0]), 2);

        assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_TYPE);
        assertThat(e).hasMessage(String.format("unknown frame type 0x%02X in protocol version 2", typeId));
    }

    @Test
    void shouldKnowAnIdExactlyWhenItsVersionHasIt() {
        for (int version = 1; version <= WireLimits.VERSION; version++) {
            for (int id = 0; id < 256; id++) {
                int v = version;
                int typeId = id;
                // an empty payload is wrong for most types; what matters here is only whether the type was known
                Throwable thrown = catchThrowable(() -> decode(frame(v, typeId, new byte[0]), v));
                boolean unknown = thrown instanceof ProtocolException p && p.code() == ErrorCode.UNKNOWN_TYPE;

                assertThat(unknown).as("id 0x%02X in version %d", id, version).isEqualTo(MessageType.fromId(id, version) == null);
            }
        }
    }

    @Test
    void shouldRefuseASwarmTypeInAVersionOneFrameFromTheHeaderAlone() {
        // MANIFEST with a plausible declared length: the type decides, before one payload byte is read
        byte[] header = Frames.frame(0x5053, 1, MessageType.MANIFEST.id(), 46, new byte[0]);
        InputStream tripwire = new SequenceInputStream(new ByteArrayInputStream(header), new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("the codec read the payload of a type its version does not have");
            }
        });

        ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> WireCodec.read(tripwire, 1));

        assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_TYPE);
        assertThat(e).hasMessageContaining("0x09");
    }
}
