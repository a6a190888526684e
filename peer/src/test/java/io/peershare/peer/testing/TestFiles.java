package io.peershare.peer.testing;

import io.peershare.protocol.Sha256;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Random;

/** Random test files, written in chunks so large ones never sit in memory. */
public final class TestFiles {

    private TestFiles() {
    }

    public static Path random(Path file, long size, long seed) throws IOException {
        Random random = new Random(seed);
        byte[] chunk = new byte[1 << 16];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; left -= chunk.length) {
                random.nextBytes(chunk);
                out.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
        }
        return file;
    }

    public static Sha256 sha256(Path file) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        try (var in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return new Sha256(digest.digest());
    }

    public static Sha256 sha256(byte[] bytes) {
        return new Sha256(Sha256.newDigest().digest(bytes));
    }
}
