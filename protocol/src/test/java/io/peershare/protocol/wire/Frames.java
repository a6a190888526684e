package io.peershare.protocol.wire;

import io.peershare.protocol.Sha256;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HexFormat;

/** Test helpers for building frames by hand, byte by byte, so tests do not trust the encoder they check. */
final class Frames {

    private Frames() {
    }

    /** Hex digits, one field per line; whitespace is ignored and {@code |} starts a comment naming the field. */
    static byte[] hex(String annotated) {
        StringBuilder digits = new StringBuilder();
        for (String line : annotated.split("\n")) {
            int comment = line.indexOf('|');
            digits.append((comment < 0 ? line : line.substring(0, comment)).replaceAll("\\s", ""));
        }
        return HexFormat.of().parseHex(digits);
    }

    /** A version-1 frame with a correct header around {@code payload}. */
    static byte[] frame(int typeId, byte[] payload) {
        return frame(0x5053, 1, typeId, payload.length, payload);
    }

    /** A frame of {@code version} with a correct header around {@code payload}. */
    static byte[] frame(int version, int typeId, byte[] payload) {
        return frame(0x5053, version, typeId, payload.length, payload);
    }

    static byte[] frame(int magic, int version, int typeId, long declaredLength, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(magic >>> 8);
        out.write(magic);
        out.write(version);
        out.write(typeId);
        out.write((int) (declaredLength >>> 24));
        out.write((int) (declaredLength >>> 16));
        out.write((int) (declaredLength >>> 8));
        out.write((int) declaredLength);
        out.writeBytes(payload);
        return out.toByteArray();
    }

    /** Concatenates byte arrays: payloads are assembled field by field from these. */
    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** A wire string: u16 length then the given bytes (which need not be valid UTF-8). */
    static byte[] string(byte[] utf8) {
        return concat(new byte[] {(byte) (utf8.length >>> 8), (byte) utf8.length}, utf8);
    }

    static byte[] string(String text) {
        return string(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static byte[] u16(int value) {
        return new byte[] {(byte) (value >>> 8), (byte) value};
    }

    static byte[] u32(long value) {
        return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

    static byte[] u64(long value) {
        byte[] out = new byte[8];
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (value >>> (56 - 8 * i));
        }
        return out;
    }

    /** A digest whose bytes are seed, seed+1, ... so two different seeds give visibly different digests. */
    static Sha256 sha(int seed) {
        byte[] bytes = new byte[Sha256.LENGTH];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (seed + i);
        }
        return new Sha256(bytes);
    }

    static Message decode(byte[] frame) throws IOException {
        return WireCodec.read(new ByteArrayInputStream(frame));
    }

    /** Decodes one frame on a connection that speaks {@code version}. */
    static Message decode(byte[] frame, int version) throws IOException {
        return WireCodec.read(new ByteArrayInputStream(frame), version);
    }
}
