package io.peershare.peer.server;

import io.peershare.peer.repository.FileChangedException;
import io.peershare.peer.repository.IndexEntry;
import io.peershare.peer.repository.Repository;
import io.peershare.peer.swarm.PartialFiles;
import io.peershare.peer.swarm.PieceStore;
import io.peershare.protocol.PieceManifest;
import io.peershare.protocol.Sha256;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.BitSet;
import java.util.Optional;

/**
 * What this peer serves under a name: a whole file of the repository, or (protocol version 2) a download in
 * progress, of which only the verified pieces can be sent. The repository wins when both exist (the moment a
 * download is committed).
 */
final class Contents {

    /** One served content, complete or partial. */
    sealed interface Served permits Complete, Partial {
        String name();

        Sha256 sha256();

        long size();

        PieceManifest manifest() throws IOException;

        /** The pieces held now; its cardinality is the have-log's length. */
        BitSet held() throws IOException;

        /** Whether every piece overlapping {@code offset .. offset + length - 1} is held. */
        boolean holds(long offset, long length) throws IOException;

        FileChannel open() throws IOException;
    }

    record Complete(IndexEntry entry, Repository repository) implements Served {
        public String name() {
            return entry.name();
        }

        public Sha256 sha256() {
            return entry.sha256();
        }

        public long size() {
            return entry.size();
        }

        public PieceManifest manifest() throws IOException {
            return repository.manifest(entry);
        }

        public BitSet held() throws IOException {
            BitSet all = new BitSet();
            all.set(0, manifest().pieceCount());
            return all;
        }

        public boolean holds(long offset, long length) {
            return true;
        }

        public FileChannel open() throws IOException {
            return repository.openForServing(entry);
        }
    }

    record Partial(PieceStore store) implements Served {
        public String name() {
            return store.name();
        }

        public Sha256 sha256() {
            return store.sha256();
        }

        public long size() {
            return store.manifest().fileSize();
        }

        public PieceManifest manifest() {
            return store.manifest();
        }

        public BitSet held() {
            return store.held().snapshot();
        }

        public boolean holds(long offset, long length) {
            if (length == 0) {
                return true;
            }
            int size = store.manifest().pieceSize();
            return store.held().hasAll((int) (offset / size), (int) ((offset + length - 1) / size));
        }

        public FileChannel open() throws IOException {
            try {
                return FileChannel.open(store.dataFile(), StandardOpenOption.READ);
            } catch (java.nio.file.NoSuchFileException e) {
                throw new FileChangedException(store.name() + " was just completed or given up; ask again");
            }
        }
    }

    private final Repository repository;
    private final PartialFiles partials;

    Contents(Repository repository, PartialFiles partials) {
        this.repository = repository;
        this.partials = partials;
    }

    /** What is served as {@code name}; downloads in progress only on version-2 connections. */
    Optional<Served> find(String name, int version) {
        Optional<Served> complete = repository.entry(name).map(e -> new Complete(e, repository));
        if (complete.isPresent() || version < 2) {
            return complete;
        }
        return partials.get(name).map(Partial::new);
    }
}
