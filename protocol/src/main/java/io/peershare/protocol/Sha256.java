package io.peershare.protocol;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/** A SHA-256 digest: 32 bytes, written as 64 lowercase hex characters in JSON and in the shells. */
public record Sha256(byte[] bytes) {

    public static final int LENGTH = 32;
    private static final HexFormat HEX = HexFormat.of();

    public Sha256 {
        if (bytes == null || bytes.length != LENGTH) {
            throw new IllegalArgumentException("a SHA-256 digest has 32 bytes, got "
                    + (bytes == null ? "none" : bytes.length));
        }
        bytes = bytes.clone();
    }

    /** Parses 64 hex characters (either case); the message says what was wrong. */
    public static Sha256 parse(String hex) {
        if (hex == null || hex.length() != LENGTH * 2) {
            throw new IllegalArgumentException("sha256 must be 64 hex characters, got "
                    + (hex == null ? "none" : hex.length() + " characters"));
        }
        try {
            return new Sha256(HEX.parseHex(hex));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sha256 must be 64 hex characters (0-9, a-f): " + e.getMessage());
        }
    }

    public static boolean isValidHex(String hex) {
        try {
            parse(hex);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public String hex() {
        return HEX.formatHex(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Sha256 that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}
