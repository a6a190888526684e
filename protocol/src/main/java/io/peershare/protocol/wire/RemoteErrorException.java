package io.peershare.protocol.wire;

import java.io.IOException;

/** The other side answered with an ERROR frame. */
public class RemoteErrorException extends IOException {

    private final ErrorMessage error;

    public RemoteErrorException(ErrorMessage error) {
        super(error.errorCode() + ": " + error.message());
        this.error = error;
    }

    public ErrorMessage error() {
        return error;
    }

    public ErrorCode code() {
        return error.errorCode();
    }
}
