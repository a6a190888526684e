package io.peershare.protocol.wire;

import java.io.IOException;

/** Input that violates docs/protocol.md. The code is what the receiver sends back in its ERROR frame. */
public class ProtocolException extends IOException {

    private final ErrorCode code;

    public ProtocolException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
