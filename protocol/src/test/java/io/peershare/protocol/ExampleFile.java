package io.peershare.protocol;

/**
 * data.bin, the file of the version-2 worked examples of docs/protocol.md: 1 MiB of zero bytes then the 5 bytes
 * {@code hello}, 1 048 581 bytes in 2 pieces. Anyone can check its digests with {@code head -c 1048576 /dev/zero}
 * and {@code sha256sum}.
 */
public final class ExampleFile {

    /** The file's shared name in the examples. */
    public static final String NAME = "data.bin";
    /** 1 MiB + 5 bytes. */
    public static final long SIZE = (1 << 20) + 5;
    /** SHA-256 of the whole file. */
    public static final Sha256 SHA256 = Sha256.parse("cb19a49528518518ad13dad3787b92cbc544fbf743287e11fc7e377d85851d42");
    /** SHA-256 of piece 0, 1 MiB of zero bytes. */
    public static final Sha256 PIECE_0 = Sha256.parse("30e14955ebf1352266dc2ff8067e68104607e750abb9d3b36582b8af909fcb58");
    /** SHA-256 of piece 1, the 5 bytes "hello". */
    public static final Sha256 PIECE_1 = Sha256.parse("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
    /** Root of its manifest: SHA-256( 00100000 | 0000000000100005 | PIECE_0 | PIECE_1 ), computed with Python's hashlib. */
    public static final Sha256 ROOT = Sha256.parse("a7f6842290fc212a4ab1be32f43557a82bf80acc0ae30786c61a7e99d69d2c72");
    /** Root of the manifest of an empty file: SHA-256( 00100000 | 0000000000000000 ), no piece hashes. */
    public static final Sha256 EMPTY_ROOT = Sha256.parse("17770fc374489370ec7eb85aa4d141d4f522c065b5ce746d07b2ee0b23029d5e");

    private ExampleFile() {
    }

    /** The bytes of data.bin (built, not stored: 1 MiB of zeros needs no file). */
    public static byte[] content() {
        byte[] content = new byte[(int) SIZE];
        System.arraycopy("hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, content, 1 << 20, 5);
        return content;
    }
}
