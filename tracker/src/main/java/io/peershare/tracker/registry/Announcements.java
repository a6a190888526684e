package io.peershare.tracker.registry;

import io.peershare.protocol.api.FileEntry;

import java.util.concurrent.ConcurrentHashMap;

/**
 * One shared copy of every distinct announcement (name, size, sha256, manifest, partial). Thousands of peers
 * announce the same file alike; each peer's {@link FileList} then holds a reference to the one copy instead
 * of its own entry and three strings (about 230 bytes per announced file before, 4 after).
 *
 * <p>Counted: a copy lives while some peer's list holds it, and goes when the last holder withdraws it,
 * replaces it, unregisters or expires. Callers hold and release inside the per-peer compute that changes the
 * peer's list, so the counts follow exactly what the lists hold.
 */
final class Announcements {

    /** The canonical copy and how many peers' lists hold it; changed only inside the pool's per-key compute. */
    private static final class Counted {
        final FileEntry canonical;
        int holders;

        Counted(FileEntry canonical) {
            this.canonical = canonical;
        }
    }

    private final ConcurrentHashMap<FileEntry, Counted> pool = new ConcurrentHashMap<>();

    /** One more holder of {@code file}; returns the shared copy equal to it. */
    FileEntry hold(FileEntry file) {
        return pool.compute(file, (key, counted) -> {
            Counted held = counted == null ? new Counted(key) : counted;
            held.holders++;
            return held;
        }).canonical;
    }

    /** One holder fewer of {@code file}; the copy goes with its last holder. */
    void release(FileEntry file) {
        pool.computeIfPresent(file, (key, counted) -> --counted.holders == 0 ? null : counted);
    }

    /** Distinct announcements held. */
    int size() {
        return pool.size();
    }

    /** How many peers' lists hold {@code file} (0: none, the copy is gone). */
    int holders(FileEntry file) {
        Counted counted = pool.get(file);
        return counted == null ? 0 : counted.holders;
    }
}
