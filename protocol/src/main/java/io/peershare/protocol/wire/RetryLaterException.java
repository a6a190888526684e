package io.peershare.protocol.wire;

import java.io.IOException;

/** The server answered RETRY_LATER: no upload slot now; ask again after {@link #retryAfterMillis()} or elsewhere. */
public class RetryLaterException extends IOException {

    private final RetryLater answer;

    public RetryLaterException(String remote, RetryLater answer) {
        super(remote + " is busy (retry after " + answer.retryAfterMillis() + " ms): " + answer.message());
        this.answer = answer;
    }

    public long retryAfterMillis() {
        return answer.retryAfterMillis();
    }
}
