package io.peershare.protocol.wire;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The error code table of docs/protocol.md: values and which ones close the connection. */
class ErrorCodeTest {

    @Test
    void shouldMatchTheTableOfTheSpecification() {
        assertThat(ErrorCode.values())
                .extracting(ErrorCode::name, ErrorCode::code, ErrorCode::fatal)
                .containsExactly(
                        tuple("MALFORMED_FRAME", 1, true),
                        tuple("UNSUPPORTED_VERSION", 2, true),
                        tuple("UNKNOWN_TYPE", 3, true),
                        tuple("FRAME_TOO_LARGE", 4, true),
                        tuple("UNEXPECTED_MESSAGE", 5, true),
                        tuple("INVALID_FIELD", 6, true),
                        tuple("NO_SUCH_FILE", 16, false),
                        tuple("HASH_MISMATCH", 17, false),
                        tuple("BAD_RANGE", 18, false),
                        tuple("NOT_HELD", 19, false),
                        tuple("BUSY", 32, true),
                        tuple("INTERNAL", 33, false),
                        tuple("UNKNOWN", 0xFFFF, true));
    }

    @Test
    void shouldTreatACodeFromALaterVersionAsFatal() {
        ErrorMessage error = new ErrorMessage(99, "something new");

        assertThat(error.errorCode()).isEqualTo(ErrorCode.UNKNOWN);
        assertThat(error.errorCode().fatal()).isTrue();
        assertThat(error.code()).isEqualTo(99);
    }

    @Test
    void shouldFindEveryKnownCodeByItsValue() {
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(ErrorCode.fromCode(code.code())).isEqualTo(code);
        }
    }

    @Test
    void shouldNameTheCodeAndMessageInARemoteError() {
        RemoteErrorException e = new RemoteErrorException(new ErrorMessage(ErrorCode.NO_SUCH_FILE, "no cat.png here"));

        assertThat(e).hasMessage("NO_SUCH_FILE: no cat.png here");
        assertThat(e.code()).isEqualTo(ErrorCode.NO_SUCH_FILE);
    }

    @Test
    void shouldFindEveryMessageTypeByItsIdAndNothingElse() {
        for (MessageType type : MessageType.values()) {
            assertThat(MessageType.fromId(type.id())).isEqualTo(type);
            assertThat(MessageType.fromId(type.id(), type.since())).isEqualTo(type);
        }
        for (int version = 1; version <= WireLimits.VERSION; version++) {
            for (int id = 0; id < 256; id++) {
                MessageType type = MessageType.fromId(id, version);
                assertThat(type == null || (type.id() == id && type.since() <= version)).isTrue();
            }
        }
        assertThat(MessageType.fromId(0x10)).isNull();
    }

    @Test
    void shouldKnowTheSwarmTypesOnlyFromVersionTwoOn() {
        for (int id = 0x09; id <= 0x0F; id++) {
            assertThat(MessageType.fromId(id, 1)).as("id 0x%02X in version 1", id).isNull();
            assertThat(MessageType.fromId(id, 2)).as("id 0x%02X in version 2", id).isNotNull();
        }
        assertThat(MessageType.fromId(0x09, 2)).isEqualTo(MessageType.MANIFEST);
        assertThat(MessageType.fromId(0x0F, 2)).isEqualTo(MessageType.RETRY_LATER);
    }
}
