package io.peershare.protocol.wire;

/**
 * (Version 2) The server cannot serve this GET now (all its upload slots are in use): ask again after
 * {@code retryAfterMillis}, or ask another source. Not fatal: the connection stays usable.
 */
public record RetryLater(long retryAfterMillis, String message) implements Message {

    public RetryLater {
        Fields.requireU32("retry_after_ms", retryAfterMillis);
        if (retryAfterMillis > WireLimits.MAX_RETRY_AFTER_MILLIS) {
            throw new IllegalArgumentException("RETRY_LATER retry_after_ms " + retryAfterMillis + " exceeds the limit of "
                    + WireLimits.MAX_RETRY_AFTER_MILLIS);
        }
        Fields.requireString("message", message, WireLimits.MAX_ERROR_MESSAGE_BYTES);
    }

    @Override
    public MessageType type() {
        return MessageType.RETRY_LATER;
    }
}
