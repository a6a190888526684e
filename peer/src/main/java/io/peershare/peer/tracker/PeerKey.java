package io.peershare.peer.tracker;

import io.peershare.protocol.api.RegisterRequest;
import io.peershare.protocol.api.RegisterSignature;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

/**
 * This peer's identity: an Ed25519 key pair made on first start and kept for ever in one owner-only file
 * ({@code peer.identity-file}, by default {@code <repository>/.peershare/identity.key}). The tracker binds the
 * peer's hostname to the public key, so whoever holds this file owns the name; losing it loses the name
 * until the tracker's operator releases it (docs/architecture.md, "Identity").
 */
public final class PeerKey {

    /** Not a monitor: a virtual thread waiting on one pins its carrier on JDK 21 (NoMonitorsTest). */
    private final ReentrantLock lock = new ReentrantLock();

    private static final Logger LOG = Logger.getLogger(PeerKey.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final KeyPair pair;
    private long lastTimestamp;

    private PeerKey(KeyPair pair) {
        this.pair = pair;
    }

    /** The key in {@code file}, or a new one written there first (atomically, owner-only). */
    public static PeerKey loadOrCreate(Path file) throws IOException {
        if (!Files.exists(file)) {
            create(file);
        }
        return new PeerKey(read(file));
    }

    /** The registration of {@code hostname} at {@code address:port}, signed now (later than any before it). */
    public RegisterRequest sign(String hostname, String address, int port, String token) {
        lock.lock();
        try {
            // The tracker refuses a timestamp not newer than the last one it saw from this key (replays).
            lastTimestamp = Math.max(System.currentTimeMillis(), lastTimestamp + 1);
            return RegisterSignature.signed(hostname, address, port, token, lastTimestamp, pair.getPublic(), pair.getPrivate());
        } finally {
            lock.unlock();
        }
    }

    /** Base64 X.509 of the public key, as the tracker stores it. */
    public String publicKey() {
        return RegisterSignature.encode(pair.getPublic());
    }

    private static void create(Path file) throws IOException {
        KeyPair pair;
        try {
            pair = KeyPairGenerator.getInstance(RegisterSignature.ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IOException("this Java has no " + RegisterSignature.ALGORITHM + " (needs Java 15+)", e);
        }
        String text = "# peershare peer identity (Ed25519). Keep it: the tracker gives this peer's hostname only to this key.\n"
                + "public=" + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()) + "\n"
                + "private=" + Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()) + "\n";
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = dir.resolve(file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.createFile(temp, ownerOnly());
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            // A hard link appears whole and never replaces: if another daemon on this repository made a key
            // first, both use that one.
            Files.createLink(file, temp);
            try (FileChannel folder = FileChannel.open(dir, StandardOpenOption.READ)) {
                folder.force(true);
            } catch (IOException e) {
                // Some file systems cannot sync a folder; the link itself is atomic.
            }
            LOG.infof("created this peer's identity key %s", file);
        } catch (FileAlreadyExistsException e) {
            // made by another process meanwhile: read that one
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static KeyPair read(Path file) throws IOException {
        tightenPermissions(file);
        Properties fields = new Properties();
        fields.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        try {
            KeyFactory keys = KeyFactory.getInstance(RegisterSignature.ALGORITHM);
            PublicKey publicKey = keys.generatePublic(new X509EncodedKeySpec(decode(fields, "public")));
            PrivateKey privateKey = keys.generatePrivate(new PKCS8EncodedKeySpec(decode(fields, "private")));
            return new KeyPair(publicKey, privateKey);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException("the identity key " + file + " is damaged (" + e.getMessage() + "); restore it from "
                    + "a backup, or delete it to make a new key (the tracker will then refuse this hostname until its "
                    + "operator releases it)", e);
        }
    }

    private static byte[] decode(Properties fields, String name) {
        String value = fields.getProperty(name);
        if (value == null) {
            throw new IllegalArgumentException("no '" + name + "=' line");
        }
        return Base64.getDecoder().decode(value.strip());
    }

    /** A key readable by others is a key others can take: make it owner-only again, and say so. */
    private static void tightenPermissions(Path file) throws IOException {
        if (!posix()) {
            return;
        }
        Set<PosixFilePermission> now = Files.getPosixFilePermissions(file);
        if (!now.equals(OWNER_ONLY)) {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
            LOG.warnf("the identity key %s was %s; made it owner-only (rw-------)", file, PosixFilePermissions.toString(now));
        }
    }

    private static FileAttribute<?>[] ownerOnly() {
        return posix() ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)} : new FileAttribute<?>[0];
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
