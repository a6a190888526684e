package io.peershare.peer.repository;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Objects;

/**
 * What a stat of a shared file says about whether its bytes may have changed since they were hashed: size and
 * mtime (which anyone who can write the file can set back), plus the inode change time (ctime: set by the kernel
 * on every write, rename or attribute change, and not settable from user space) and the file key (device and
 * inode: a file replaced by another under the same name has another). {@code ctime} and {@code fileKey} are null
 * where the platform does not report them.
 */
record FileStamp(boolean regularFile, long size, Instant mtime, Instant ctime, String fileKey) {

    FileStamp {
        Objects.requireNonNull(mtime, "mtime");
    }

    /** Stats {@code path} without following a symbolic link. */
    static FileStamp of(Path path) throws IOException {
        BasicFileAttributes basic = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        Instant ctime = null;
        try {
            ctime = ((FileTime) Files.getAttribute(path, "unix:ctime", LinkOption.NOFOLLOW_LINKS)).toInstant();
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            // not a Unix file system: size, mtime and the file key are what there is
        }
        Object key = basic.fileKey();
        return new FileStamp(basic.isRegularFile(), basic.size(), basic.lastModifiedTime().toInstant(), ctime,
                key == null ? null : key.toString());
    }

    /**
     * Whether the file stamped by this may still hold the bytes an entry was hashed from. An entry written before
     * ctime and file keys were recorded (null there) is judged on size and mtime alone, once: the scan records them.
     */
    boolean matches(IndexEntry entry) {
        return size == entry.size() && mtime.equals(entry.mtime())
                && (entry.ctime() == null || entry.ctime().equals(ctime))
                && (entry.fileKey() == null || entry.fileKey().equals(fileKey));
    }
}
