package io.peershare.it.population;

import io.peershare.protocol.api.RegisterSignature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** The simulated peers' keys in a file, one {@code publicBase64 privatePkcs8Base64} a line: test keys, never real ones. */
final class KeyCache {

    private KeyCache() {
    }

    /** Fills the arrays from {@code file} when it holds at least as many keys; false otherwise. */
    static boolean load(Path file, String[] publicKeys, PrivateKey[] privateKeys) {
        if (file == null || !Files.isRegularFile(file)) {
            return false;
        }
        try (var lines = Files.lines(file)) {
            List<String> all = lines.limit(publicKeys.length).toList();
            if (all.size() < publicKeys.length) {
                return false;
            }
            KeyFactory factory = KeyFactory.getInstance(RegisterSignature.ALGORITHM);
            for (int i = 0; i < publicKeys.length; i++) {
                String[] fields = all.get(i).split(" ");
                publicKeys[i] = fields[0];
                privateKeys[i] = factory.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(fields[1])));
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the key cache " + file + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalStateException("the key cache " + file + " is not 'public private' base64 per line; delete it", e);
        }
    }

    /** Writes the keys to {@code file} (atomically: a temp file renamed); nothing when file is null. */
    static void save(Path file, String[] publicKeys, PrivateKey[] privateKeys) {
        if (file == null) {
            return;
        }
        List<String> lines = new ArrayList<>(publicKeys.length);
        for (int i = 0; i < publicKeys.length; i++) {
            lines.add(publicKeys[i] + " " + Base64.getEncoder().encodeToString(privateKeys[i].getEncoded()));
        }
        try {
            Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName().toString(), ".tmp");
            Files.write(temp, lines);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the key cache " + file + ": " + e.getMessage(), e);
        }
    }
}
