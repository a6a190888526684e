package io.peershare.protocol.api;

import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.KeyPairGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegisterSignatureTest {

    private static KeyPair newKey() throws Exception {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    @Test
    void shouldVerifyWhatItSigned() throws Exception {
        KeyPair key = newKey();
        RegisterRequest request = RegisterSignature.signed("peer1", "127.0.0.1", 7070, null, 1_000L, key.getPublic(), key.getPrivate());

        assertThat(RegisterSignature.verify(RegisterSignature.publicKey(request.publicKey()), request)).isTrue();
    }

    @Test
    void shouldRefuseASignatureWhenAnySignedFieldChanges() throws Exception {
        KeyPair key = newKey();
        RegisterRequest r = RegisterSignature.signed("peer1", "127.0.0.1", 7070, null, 1_000L, key.getPublic(), key.getPrivate());
        var pub = RegisterSignature.publicKey(r.publicKey());

        assertThat(RegisterSignature.verify(pub, new RegisterRequest("peer2", r.address(), r.port(), null, r.publicKey(), r.timestamp(), r.signature()))).isFalse();
        assertThat(RegisterSignature.verify(pub, new RegisterRequest(r.hostname(), "10.0.0.9", r.port(), null, r.publicKey(), r.timestamp(), r.signature()))).isFalse();
        assertThat(RegisterSignature.verify(pub, new RegisterRequest(r.hostname(), r.address(), 7071, null, r.publicKey(), r.timestamp(), r.signature()))).isFalse();
        assertThat(RegisterSignature.verify(pub, new RegisterRequest(r.hostname(), r.address(), r.port(), null, r.publicKey(), 1_001L, r.signature()))).isFalse();
        // The token is not signed: it authorizes, it does not identify.
        assertThat(RegisterSignature.verify(pub, new RegisterRequest(r.hostname(), r.address(), r.port(), "t", r.publicKey(), r.timestamp(), r.signature()))).isTrue();
    }

    @Test
    void shouldRefuseAnotherKeysSignatureAndGarbage() throws Exception {
        KeyPair key = newKey();
        RegisterRequest r = RegisterSignature.signed("peer1", "127.0.0.1", 7070, null, 1_000L, key.getPublic(), key.getPrivate());

        assertThat(RegisterSignature.verify(newKey().getPublic(), r)).isFalse();
        for (String bad : new String[] {null, "", "not base64!", "AAAA", "A".repeat(500)}) {
            assertThat(RegisterSignature.verify(key.getPublic(), new RegisterRequest(r.hostname(), r.address(), r.port(), null,
                    r.publicKey(), r.timestamp(), bad))).isFalse();
        }
    }

    @Test
    void shouldRefuseAPublicKeyThatIsNotEd25519() throws Exception {
        KeyPair rsa = KeyPairGenerator.getInstance("EC").generateKeyPair();
        for (String bad : new String[] {null, "", "%%%", "AAAA", RegisterSignature.encode(rsa.getPublic()), "A".repeat(500)}) {
            assertThatThrownBy(() -> RegisterSignature.publicKey(bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Ed25519");
        }
    }
}
