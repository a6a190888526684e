package io.peershare.protocol.wire;

/** An ERROR frame: a u16 code (see {@link ErrorCode}) and a human-readable one-line message. */
public record ErrorMessage(int code, String message) implements Message {

    public ErrorMessage {
        Fields.requireU16("code", code);
        Fields.requireString("message", message, WireLimits.MAX_ERROR_MESSAGE_BYTES);
    }

    public ErrorMessage(ErrorCode code, String message) {
        this(code.code(), Fields.truncate(message, WireLimits.MAX_ERROR_MESSAGE_BYTES));
    }

    public ErrorCode errorCode() {
        return ErrorCode.fromCode(code);
    }

    @Override
    public MessageType type() {
        return MessageType.ERROR;
    }
}
