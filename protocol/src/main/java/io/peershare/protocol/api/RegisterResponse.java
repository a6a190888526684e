package io.peershare.protocol.api;

/**
 * Answer to a registration: the token that proves ownership of {@code hostname} (send it as
 * {@code Authorization: Bearer <token>} on every later call about this peer), how often to heartbeat, and
 * after how long without a heartbeat the peer stops being listed as a source.
 */
public record RegisterResponse(String hostname, String token, long heartbeatIntervalMillis, long ttlMillis) {
}
