package io.peershare.peer.swarm;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Sources banned for one fetch (a corrupt piece, a manifest that is not the tracker's, pieces that did not
 * make the file): kept across the fetch's attempts so a liar is not asked again, and named in its result.
 * Thread-safe.
 */
public final class SourceBans {

    /** Not a monitor: a virtual thread waiting on one pins its carrier on JDK 21 (NoMonitorsTest). */
    private final ReentrantLock lock = new ReentrantLock();

    private record Ban(String name, String reason) {
    }

    private final Map<String, Ban> byKey = new LinkedHashMap<>();
    /** Told of every source banned for the first time (the peer's metrics). */
    private final Runnable onBan;

    public SourceBans() {
        this(() -> { });
    }

    public SourceBans(Runnable onBan) {
        this.onBan = onBan;
    }

    /** Bans the source at {@code key} (address:port), shown as {@code name}. */
    public void ban(String key, String name, String reason) {
        boolean added;
        lock.lock();
        try {
            added = byKey.putIfAbsent(key, new Ban(name, reason)) == null;
        } finally {
            lock.unlock();
        }
        if (added) {
            onBan.run();
        }
    }

    public boolean isBanned(String key) {
        lock.lock();
        try {
            return byKey.containsKey(key);
        } finally {
            lock.unlock();
        }
    }

    public String reason(String key) {
        lock.lock();
        try {
            Ban ban = byKey.get(key);
            return ban == null ? null : ban.reason();
        } finally {
            lock.unlock();
        }
    }

    /** One line per banned source: "peer5 (piece 17 failed its SHA-256 check)". */
    public List<String> lines() {
        lock.lock();
        try {
            return byKey.values().stream().map(b -> b.name() + " (" + b.reason() + ")").toList();
        } finally {
            lock.unlock();
        }
    }
}
