package io.peershare.protocol.api;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The proof of identity in a {@link RegisterRequest}: an Ed25519 signature over a canonical text of what
 * is being registered. The peer signs ({@link #sign}), the tracker checks ({@link #verify}); both build the
 * text the same way here, so they cannot disagree about it.
 */
public final class RegisterSignature {

    /** Tags the signed text, so a signature made for registration is valid for nothing else. */
    public static final String PURPOSE = "peershare-register-v1";
    public static final String ALGORITHM = "Ed25519";
    /** An X.509-encoded Ed25519 public key is 44 bytes (60 base64 characters); more is not one. */
    public static final int MAX_PUBLIC_KEY_CHARS = 128;
    /** An Ed25519 signature is 64 bytes (88 base64 characters). */
    public static final int MAX_SIGNATURE_CHARS = 128;

    private RegisterSignature() {
    }

    /**
     * The signed text: purpose, hostname, address, port and timestamp, one per line. The tracker refuses
     * hostnames and addresses with control characters before checking, so a field cannot forge a line.
     */
    public static String canonical(String hostname, String address, int port, long timestamp) {
        return PURPOSE + "\n" + hostname + "\n" + address + "\n" + port + "\n" + timestamp;
    }

    /** A signed request for {@code hostname} at {@code address:port}, stamped {@code timestamp} (epoch ms). */
    public static RegisterRequest signed(String hostname, String address, int port, String token, long timestamp,
                                         PublicKey publicKey, PrivateKey privateKey) {
        String text = canonical(hostname, address, port, timestamp);
        return new RegisterRequest(hostname, address, port, token, encode(publicKey), timestamp, sign(privateKey, text));
    }

    /** Base64 of the key's X.509 encoding: the form a request carries and the tracker stores. */
    public static String encode(PublicKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    static String sign(PrivateKey key, String text) {
        try {
            Signature signer = Signature.getInstance(ALGORITHM);
            signer.initSign(key);
            signer.update(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with an " + key.getAlgorithm() + " key: " + e.getMessage(), e);
        }
    }

    /** The public key a request carries; throws {@link IllegalArgumentException} with a one-line reason. */
    public static PublicKey publicKey(String base64) {
        if (base64 == null || base64.isEmpty() || base64.length() > MAX_PUBLIC_KEY_CHARS) {
            throw new IllegalArgumentException("publicKey must be the base64 X.509 encoding of an Ed25519 key");
        }
        try {
            byte[] encoded = Base64.getDecoder().decode(base64);
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(encoded));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IllegalArgumentException("publicKey is not the base64 X.509 encoding of an Ed25519 key");
        }
    }

    /** Whether {@code request.signature} is the signature of its canonical text by {@code key}. */
    public static boolean verify(PublicKey key, RegisterRequest request) {
        String signature = request.signature();
        if (signature == null || signature.isEmpty() || signature.length() > MAX_SIGNATURE_CHARS) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(key);
            verifier.update(canonical(request.hostname(), request.address(), request.port(), request.timestamp())
                    .getBytes(StandardCharsets.UTF_8));
            return verifier.verify(Base64.getDecoder().decode(signature));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return false; // not base64, or not a well-formed signature: as good as a wrong one
        }
    }
}
