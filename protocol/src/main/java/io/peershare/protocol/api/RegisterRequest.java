package io.peershare.protocol.api;

/**
 * {@code POST /api/v1/peers}: a peer asks to be registered under {@code hostname}, reachable by other
 * peers at {@code address:port}. {@code token} is the token of an earlier registration of the same peer,
 * or {@code null} (with it the peer keeps its announced files across a re-registration).
 *
 * <p>Identity (docs/architecture.md, "Identity"): {@code publicKey} is the peer's Ed25519 public key
 * (base64 of its X.509 encoding), {@code timestamp} the peer's clock in epoch milliseconds, and
 * {@code signature} the base64 Ed25519 signature of {@link RegisterSignature#canonical}. The tracker binds
 * the hostname to the key: only the same key can register that name again.
 */
public record RegisterRequest(String hostname, String address, int port, String token,
                              String publicKey, long timestamp, String signature) {

    /** An unsigned request: what the registry records once the tracker has checked the proof (tests of the registry). */
    public RegisterRequest(String hostname, String address, int port, String token) {
        this(hostname, address, port, token, null, 0, null);
    }
}
