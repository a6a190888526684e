package io.peershare.peer.repository;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peershare.protocol.Sha256;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Reads and writes {@code .peershare/index.json}. Writes are atomic (temp file, fsync, rename, fsync of
 * the folder), so a crash leaves either the old or the new index, never a torn one.
 */
final class IndexStore {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Path file;

    Path path() {
        return file;
    }

    IndexStore(Path file) {
        this.file = file;
    }

    /** The entries of the index; an absent index is empty, an unreadable one is logged by the caller and ignored. */
    List<IndexEntry> load() throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        IndexJson json = JSON.readValue(file.toFile(), IndexJson.class);
        List<IndexEntry> entries = new ArrayList<>();
        if (json.files() != null) {
            for (EntryJson e : json.files()) {
                entries.add(new IndexEntry(e.name(), e.size(), Instant.parse(e.mtime()), Sha256.parse(e.sha256())));
            }
        }
        return entries;
    }

    void save(Collection<IndexEntry> entries) throws IOException {
        List<EntryJson> files = entries.stream()
                .map(e -> new EntryJson(e.name(), e.size(), e.mtime().toString(), e.sha256().hex()))
                .toList();
        byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(new IndexJson(1, files));
        Path temp = file.resolveSibling(file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            Durable.moveAtomically(temp, file);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Schema of index.json, version 1. mtime is an ISO-8601 instant with the file system's precision. */
    @RegisterForReflection
    record IndexJson(int version, List<EntryJson> files) {
    }

    @RegisterForReflection
    record EntryJson(String name, long size, String mtime, String sha256) {
    }
}
