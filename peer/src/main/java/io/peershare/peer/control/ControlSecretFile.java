package io.peershare.peer.control;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.UUID;

/**
 * The file that carries the control API's secret from the daemon to its shells (docs/architecture.md, "Control API
 * authentication"). Plain Java, no framework: the shell ({@code QuickShell}) reads it without booting Quarkus.
 *
 * <p>Default: {@code ~/.peershare/control-<control port>.secret}, so a shell finds it from the same
 * {@code PEER_CONTROL_PORT} it uses to reach the daemon, as long as it runs as the daemon's user (as
 * {@code docker exec <peer> peer ...} does). Written atomically (temporary file created 0600, fsync, rename), so a
 * shell never reads half a secret and the file is never readable by anyone else, not even for an instant.
 */
public record ControlSecretFile(Path path) {

    /** The secret is 32 random bytes in base64url: 43 characters, never longer than this on reading. */
    static final int MAX_CHARS = 128;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FOLDER = PosixFilePermissions.fromString("rwx------");

    public ControlSecretFile {
        path = path.toAbsolutePath().normalize();
    }

    /** {@code ~/.peershare/control-<port>.secret} of the user running this JVM. */
    public static ControlSecretFile forPort(int port) {
        return new ControlSecretFile(Path.of(System.getProperty("user.home"), ".peershare", "control-" + port + ".secret"));
    }

    /** The configured file ({@code peer.control-secret-file} / {@code PEER_CONTROL_SECRET_FILE}) if set, else the default for the port. */
    public static ControlSecretFile of(String configured, int port) {
        return configured == null || configured.isBlank() ? forPort(port) : new ControlSecretFile(Path.of(configured.strip()));
    }

    /** The secret in the file; an IOException naming the file when it cannot be read (absent, not ours, ...). */
    public String read() throws IOException {
        try (FileChannel in = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(MAX_CHARS);
            while (buffer.hasRemaining() && in.read(buffer) >= 0) {
                // read at most MAX_CHARS: the file is ours, but a shell trusts no file's size
            }
            String secret = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).strip();
            if (secret.isEmpty()) {
                throw new IOException(path + " is empty");
            }
            return secret;
        } catch (NoSuchFileException e) {
            throw new IOException(path + " does not exist (is the daemon running, with this PEER_CONTROL_PORT?)", e);
        } catch (AccessDeniedException e) {
            throw new IOException("permission denied reading " + path + " (run the shell as the daemon's user)", e);
        }
    }

    /** Replaces the file with {@code secret}, readable and writable by this user only. */
    public void write(String secret) throws IOException {
        Path folder = path.getParent();
        if (!Files.isDirectory(folder)) {
            try {
                Files.createDirectories(folder, ownerOnly(OWNER_ONLY_FOLDER));
            } catch (FileAlreadyExistsException e) {
                // created meanwhile: fine
            }
        }
        Path temp = folder.resolve("." + path.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            // Created 0600 (the umask can only take bits away), never chmod-ed afterwards: no window where others read it.
            try (FileChannel out = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    ownerOnly(OWNER_ONLY))) {
                ByteBuffer bytes = ByteBuffer.wrap((secret + "\n").getBytes(StandardCharsets.US_ASCII));
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
                out.force(true);
            }
            Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Deletes the file if it still holds {@code secret} (a daemon started since has its own). */
    public void deleteIf(String secret) {
        try {
            if (secret.equals(read())) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // gone already, or not ours any more: leave it
        }
    }

    private FileAttribute<?>[] ownerOnly(Set<PosixFilePermission> permissions) {
        boolean posix = path.getFileSystem().supportedFileAttributeViews().contains("posix");
        return posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)} : new FileAttribute<?>[0];
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
