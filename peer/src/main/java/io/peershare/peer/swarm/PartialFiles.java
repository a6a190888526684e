package io.peershare.peer.swarm;

import io.peershare.protocol.api.FileEntry;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The downloads in progress that this peer serves while it fetches them: the file server answers MANIFEST,
 * BITFIELD, HAVE and GET for their held pieces, and the tracker session announces them as partial entries.
 */
public final class PartialFiles {

    /** Told when a download starts or stops being served (the tracker session announces or withdraws it). */
    public interface Listener {
        void started(FileEntry partialEntry);

        void stopped(String name);
    }

    private final ConcurrentHashMap<String, PieceStore> byName = new ConcurrentHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    /** Serves {@code store}'s held pieces under its name from now on. */
    public void add(PieceStore store) {
        byName.put(store.name(), store);
        FileEntry entry = entry(store);
        listeners.forEach(l -> l.started(entry));
    }

    /**
     * Stops serving {@code store}. {@code withdraw} tells the listeners too (a failed fetch); after a commit the
     * complete file's announcement replaces the partial one instead.
     */
    public void remove(PieceStore store, boolean withdraw) {
        if (byName.remove(store.name(), store) && withdraw) {
            listeners.forEach(l -> l.stopped(store.name()));
        }
    }

    public Optional<PieceStore> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The partial entries to announce (for a full re-announce after registering again). */
    public List<FileEntry> entries() {
        return byName.values().stream().map(PartialFiles::entry).toList();
    }

    private static FileEntry entry(PieceStore store) {
        return new FileEntry(store.name(), store.manifest().fileSize(), store.sha256().hex(), store.manifest().root().hex(), true);
    }
}
