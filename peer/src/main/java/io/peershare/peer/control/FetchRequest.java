package io.peershare.peer.control;

/** {@code POST /control/v1/fetches}: fetch {@code name}; {@code sha256} (64 hex) picks one content, or null. */
public record FetchRequest(String name, String sha256) {
}
