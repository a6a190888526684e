package io.peershare.peer.repository;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peershare.protocol.Sha256;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Reads and writes {@code .peershare/index.json}. Writes are atomic ({@link Durable#writeAtomically}), so a
 * crash leaves either the old or the new index, never a torn one.
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

    /**
     * The entries of the index; an absent index is empty, an unreadable one is logged by the caller and ignored.
     * Entries written before pieces existed (no manifest root) are left out, so the scan hashes them again.
     */
    List<IndexEntry> load() throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        IndexJson json = JSON.readValue(file.toFile(), IndexJson.class);
        List<IndexEntry> entries = new ArrayList<>();
        if (json.files() != null) {
            for (EntryJson e : json.files()) {
                if (e.manifest() != null) {
                    entries.add(new IndexEntry(e.name(), e.size(), Instant.parse(e.mtime()), Sha256.parse(e.sha256()),
                            Sha256.parse(e.manifest()), e.ctime() == null ? null : Instant.parse(e.ctime()), e.fileKey()));
                }
            }
        }
        return entries;
    }

    void save(Collection<IndexEntry> entries) throws IOException {
        List<EntryJson> files = entries.stream()
                .map(e -> new EntryJson(e.name(), e.size(), e.mtime().toString(), e.sha256().hex(), e.manifest().hex(),
                        e.ctime() == null ? null : e.ctime().toString(), e.fileKey()))
                .toList();
        Durable.writeAtomically(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(new IndexJson(3, files)));
    }

    /**
     * Schema of index.json, version 3 (version 1 had no manifest root, version 2 no ctime and file key). mtime and
     * ctime are ISO-8601 instants with the file system's precision; manifest is the root of the piece manifest, in
     * hex; fileKey is the platform's file key (device and inode on Linux). A version-2 entry is trusted on size
     * and mtime at the next scan, which records its ctime and file key.
     */
    @RegisterForReflection
    record IndexJson(int version, List<EntryJson> files) {
    }

    @RegisterForReflection
    record EntryJson(String name, long size, String mtime, String sha256, String manifest, String ctime,
                     String fileKey) {
    }
}
