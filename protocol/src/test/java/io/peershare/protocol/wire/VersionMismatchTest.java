package io.peershare.protocol.wire;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;

import static io.peershare.protocol.wire.Frames.decode;
import static io.peershare.protocol.wire.Frames.frame;
import static io.peershare.protocol.wire.Frames.sha;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Failure class "version mismatch": every frame carries its connection's version (1 until the handshake ends,
 * then the negotiated one), so a frame of any other version is UNSUPPORTED_VERSION, and this side refuses to
 * write a type into a frame of a version that does not have it.
 */
class VersionMismatchTest {

    private static void assertMismatch(byte[] frame, int connection, int frameVersion) {
        ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> decode(frame, connection));

        assertThat(e).as("decoding should have failed with a ProtocolException").isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_VERSION);
        assertThat(e).hasMessageStartingWith("frame version " + frameVersion
                + " is not the version of this connection (" + connection + ")");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2, 3, 0x7F, 0xFF})
    void shouldRejectAnyOtherFrameVersionOnAVersionOneConnection(int version) {
        assertMismatch(frame(version, MessageType.PING.id(), new byte[8]), 1, version);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3, 0x7F, 0xFF})
    void shouldRejectAnyOtherFrameVersionOnAVersionTwoConnection(int version) {
        assertMismatch(frame(version, MessageType.PING.id(), new byte[8]), 2, version);
    }

    @Test
    void shouldCheckTheVersionBeforeTheType() {
        // a version-2 MANIFEST reaching a version-1 connection: the version is wrong first, the type only in v1
        assertMismatch(WireCodec.encode(new ManifestRequest("a", sha(1), 0), 2), 1, 2);
    }

    @Test
    void shouldRejectAHelloInAVersionTwoFrame() {
        // the handshake is always read as version 1: a version-2 HELLO cannot start a connection
        assertMismatch(frame(2, MessageType.HELLO.id(), Frames.concat(Frames.hex("01 02"), Frames.string(""))), 1, 2);
    }

    @Test
    void shouldRejectAVersionOneAnswerOnAVersionTwoConnection() {
        // a server that negotiated 2 but still answers in version-1 frames is broken, not lenient
        assertMismatch(WireCodec.encode(new ErrorMessage(ErrorCode.NOT_HELD, "x"), 1), 2, 1);
    }

    @ParameterizedTest
    @ValueSource(classes = {ManifestRequest.class, ManifestPage.class, BitfieldRequest.class, BitfieldResult.class,
            HaveRequest.class, HaveResult.class, RetryLater.class})
    void shouldRefuseToWriteAVersionTwoTypeInAVersionOneFrame(Class<? extends Message> type) {
        Message message = RoundTripTest.versionTwoMessages().filter(type::isInstance).findFirst().orElseThrow();
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        assertThatIllegalArgumentException().isThrownBy(() -> WireCodec.write(message, out, 1))
                .withMessage(message.type() + " does not exist in protocol version 1");
        assertThatIllegalArgumentException().isThrownBy(() -> WireCodec.write(message, out));
        assertThatIllegalArgumentException().isThrownBy(() -> WireCodec.encode(message));
        assertThat(out.size()).as("bytes written before the refusal").isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3, 255})
    void shouldRefuseToSpeakAVersionThisSideDoesNotHave(int version) {
        assertThatIllegalArgumentException().isThrownBy(() -> WireCodec.encode(new Ping(1), version))
                .withMessageContaining("protocol version " + version);
        assertThatIllegalArgumentException().isThrownBy(
                () -> WireCodec.read(new ByteArrayInputStream(frame(version, 0x03, new byte[8])), version));
    }

    @Test
    void shouldCarryTheVersionOneTypesInVersionTwoFramesUnchanged() throws Exception {
        Get get = Get.whole("cat.png", sha(1));
        byte[] one = WireCodec.encode(get, 1);
        byte[] two = WireCodec.encode(get, 2);

        assertThat(two[2]).isEqualTo((byte) 2);
        two[2] = 1;
        assertThat(two).as("a version-2 GET differs from a version-1 GET in the version byte only").isEqualTo(one);
        assertThat(decode(WireCodec.encode(get, 2), 2)).isEqualTo(get);
    }
}
