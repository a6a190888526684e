package io.peershare.peer.swarm;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sources banned for one fetch (a corrupt piece, a manifest that is not the tracker's, pieces that did not
 * make the file): kept across the fetch's attempts so a liar is not asked again, and named in its result.
 * Thread-safe.
 */
public final class SourceBans {

    private record Ban(String name, String reason) {
    }

    private final Map<String, Ban> byKey = new LinkedHashMap<>();

    /** Bans the source at {@code key} (address:port), shown as {@code name}. */
    public synchronized void ban(String key, String name, String reason) {
        byKey.putIfAbsent(key, new Ban(name, reason));
    }

    public synchronized boolean isBanned(String key) {
        return byKey.containsKey(key);
    }

    public synchronized String reason(String key) {
        Ban ban = byKey.get(key);
        return ban == null ? null : ban.reason();
    }

    /** One line per banned source: "peer5 (piece 17 failed its SHA-256 check)". */
    public synchronized List<String> lines() {
        return byKey.values().stream().map(b -> b.name() + " (" + b.reason() + ")").toList();
    }
}
