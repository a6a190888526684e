package io.peershare.protocol.api;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;

/**
 * A peer's key in tests: signs registrations so a test reads as "this key registers that name".
 * In the protocol test-jar, used by the tracker's and the peer's tests.
 */
public final class TestPeerKey {

    private final KeyPair pair;

    private TestPeerKey(KeyPair pair) {
        this.pair = pair;
    }

    public static TestPeerKey generate() {
        try {
            return new TestPeerKey(KeyPairGenerator.getInstance(RegisterSignature.ALGORITHM).generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The request this key signs for {@code hostname} at {@code address:port}, stamped {@code timestampMillis}. */
    public RegisterRequest register(String hostname, String address, int port, String token, long timestampMillis) {
        return RegisterSignature.signed(hostname, address, port, token, timestampMillis, pair.getPublic(), pair.getPrivate());
    }

    public String publicKey() {
        return RegisterSignature.encode(pair.getPublic());
    }

    public KeyPair pair() {
        return pair;
    }
}
