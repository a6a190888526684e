package io.peershare.tracker.registry;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.zip.CRC32;

/**
 * The identity book's append-only journal beside its snapshot ({@code identities.txt} → {@code identities.journal}):
 * one line per record, {@code + hostname publicKey lastTimestamp lastUsedEpochMillis crc} (the name's state) or
 * {@code - hostname crc} (released), where {@code crc} is the CRC-32 of the line before it, so a record cut short
 * by a crash is told from a whole one. A fold sets the journal aside ({@code identities.journal.old}) while it
 * writes the snapshot; replay reads the set-aside journal, then the current one. Not thread-safe: the book
 * appends under its save lock.
 */
final class IdentityJournal {

    private static final Logger LOG = Logger.getLogger(IdentityJournal.class);

    private final Path file;
    private final Path setAside;
    private final Path dir;
    private FileChannel out;
    private int records;

    IdentityJournal(Path snapshot) {
        String name = snapshot.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        this.dir = snapshot.toAbsolutePath().getParent();
        this.file = dir.resolve(base + ".journal");
        this.setAside = dir.resolve(base + ".journal.old");
    }

    static String bind(String hostname, String publicKey, long lastTimestamp, long lastUsedMillis) {
        return withChecksum("+ " + hostname + " " + publicKey + " " + lastTimestamp + " " + lastUsedMillis);
    }

    static String release(String hostname) {
        return withChecksum("- " + hostname);
    }

    private static String withChecksum(String record) {
        return record + " " + crc(record) + "\n";
    }

    private static String crc(String record) {
        CRC32 crc = new CRC32();
        crc.update(record.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().toHexDigits((int) crc.getValue());
    }

    /** Appends {@code count} records and fsyncs them: on return they survive a crash. */
    void append(String text, int count) throws IOException {
        if (count == 0) {
            return;
        }
        if (out == null) {
            boolean created = !Files.exists(file);
            if (created) {
                Files.createDirectories(dir, FileIdentityBook.ownerOnly("rwx------"));
                Files.createFile(file, FileIdentityBook.ownerOnly("rw-------"));
            }
            out = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            if (created) {
                syncDir();
            }
        }
        long before = out.size();
        try {
            ByteBuffer buffer = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        } catch (IOException e) {
            dropPartialAppend(before); // else the next append would leave a cut record mid-journal
            throw e;
        }
        records += count;
    }

    private void dropPartialAppend(long size) {
        try (FileChannel failed = out) {
            out = null;
            failed.truncate(size);
        } catch (IOException e) {
            LOG.warnf("cannot cut the failed append off the identity book journal %s: %s", file, e.getMessage());
        }
    }

    /** Records appended since the journal was last set aside or discarded. */
    int records() {
        return records;
    }

    boolean exists() {
        return Files.exists(file) || Files.exists(setAside);
    }

    /**
     * Moves the journal aside so appends start a fresh one. If a failed fold left one aside already, the current
     * journal stays (both replay in order) and the count starts again, so the retry waits for as many records.
     */
    void setAside() throws IOException {
        close();
        records = 0;
        if (Files.exists(setAside) || !Files.exists(file)) {
            return;
        }
        Files.move(file, setAside, StandardCopyOption.ATOMIC_MOVE);
        syncDir();
    }

    /** After a fold: the snapshot holds every record set aside. */
    void discardSetAside() throws IOException {
        Files.deleteIfExists(setAside);
        syncDir();
    }

    /** After the fold at startup: the snapshot holds every record. */
    void discardAll() throws IOException {
        close();
        records = 0;
        Files.deleteIfExists(setAside);
        Files.deleteIfExists(file);
        syncDir();
    }

    private void close() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
    }

    private void syncDir() {
        try (FileChannel folder = FileChannel.open(dir, StandardOpenOption.READ)) {
            folder.force(true);
        } catch (IOException e) {
            // Some file systems cannot sync a folder; the rename or the file's own fsync still holds.
        }
    }

    /**
     * Replays the set-aside journal, then the current one: {@code apply} gets each record's hostname and
     * {@code [publicKey, lastTimestamp, lastUsedEpochMillis]}, or null for a release. Returns how many records.
     * A last record that is cut short or fails its checksum (a write a crash interrupted, never acknowledged) is
     * skipped with a warning; a bad record before the last stops with the file and line.
     */
    int replay(BiConsumer<String, String[]> apply) {
        return replay(setAside, apply) + replay(file, apply);
    }

    private static int replay(Path journal, BiConsumer<String, String[]> apply) {
        if (!Files.exists(journal)) {
            return 0;
        }
        String text;
        try {
            text = Files.readString(journal, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the identity book journal " + journal + ": " + e.getMessage(), e);
        }
        List<String> lines = text.lines().toList();
        int complete = text.isEmpty() || text.endsWith("\n") ? lines.size() : lines.size() - 1;
        if (complete < lines.size()) {
            LOG.warnf("the identity book journal %s ends with a record cut short (line %d, a write a crash "
                    + "interrupted, never acknowledged); skipped", journal, lines.size());
        }
        int applied = 0;
        for (int i = 0; i < complete; i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                parse(line, apply);
                applied++;
            } catch (RuntimeException e) {
                if (i == complete - 1 && complete == lines.size()) {
                    LOG.warnf("the identity book journal %s ends with a damaged record (line %d: %s, a write a crash "
                            + "interrupted, never acknowledged); skipped", journal, i + 1, e.getMessage());
                    continue;
                }
                throw new IllegalStateException("the identity book journal " + journal + " line " + (i + 1) + " is not "
                        + "'+ hostname publicKey lastTimestamp lastUsedEpochMillis crc' or '- hostname crc' ("
                        + e.getMessage() + "); fix or delete that line", e);
            }
        }
        return applied;
    }

    private static void parse(String line, BiConsumer<String, String[]> apply) {
        int last = line.lastIndexOf(' ');
        if (last < 0 || !line.substring(last + 1).equals(crc(line.substring(0, last)))) {
            throw new IllegalArgumentException("checksum mismatch");
        }
        String[] fields = line.substring(0, last).split(" ");
        boolean bind = fields[0].equals("+") && fields.length == 5;
        if (!bind && !(fields[0].equals("-") && fields.length == 2)) {
            throw new IllegalArgumentException("unknown record");
        }
        RequestValidation.hostname(fields[1]);
        if (bind) {
            Long.parseLong(fields[3]);
            Long.parseLong(fields[4]);
            apply.accept(fields[1], new String[] {fields[2], fields[3], fields[4]});
        } else {
            apply.accept(fields[1], null);
        }
    }
}
