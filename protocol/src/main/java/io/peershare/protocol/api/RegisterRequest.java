package io.peershare.protocol.api;

/**
 * {@code POST /api/v1/peers}: a peer asks to be registered under {@code hostname}, reachable by other
 * peers at {@code address:port}. {@code token} is the token of an earlier registration of the same peer,
 * or {@code null}; it lets a peer take its own live name back (after a peer restart).
 */
public record RegisterRequest(String hostname, String address, int port, String token) {
}
