package io.peershare.peer.swarm;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Bookkeeping of piece requests, and nothing else (it neither sends nor receives): which piece is requested
 * from which source, how many requests each source has in flight (its pipeline), and how many sources each
 * piece is requested from (more than one only in the end game). Not thread-safe: the swarm's lock guards it.
 */
final class RequestBook {

    private final Map<Integer, List<SwarmSource>> requesters = new HashMap<>();
    /** When each piece was first requested (System.nanoTime()), while it is in flight. */
    private final Map<Integer, Long> firstRequested = new HashMap<>();
    private final Map<SwarmSource, Integer> inFlight = new HashMap<>();
    private final BitSet pieces = new BitSet();

    void add(int piece, SwarmSource source, long now) {
        requesters.computeIfAbsent(piece, p -> new ArrayList<>(2)).add(source);
        firstRequested.putIfAbsent(piece, now);
        inFlight.merge(source, 1, Integer::sum);
        pieces.set(piece);
    }

    /** The request of {@code piece} from {@code source} is answered or void; false when there was none. */
    boolean remove(int piece, SwarmSource source) {
        List<SwarmSource> sources = requesters.get(piece);
        if (sources == null || !sources.remove(source)) {
            return false;
        }
        if (sources.isEmpty()) {
            requesters.remove(piece);
            firstRequested.remove(piece);
            pieces.clear(piece);
        }
        inFlight.computeIfPresent(source, (s, n) -> n > 1 ? n - 1 : null);
        return true;
    }

    /** Voids every request to {@code source} (it went away); returns the pieces it had. */
    List<Integer> removeAll(SwarmSource source) {
        List<Integer> released = new ArrayList<>();
        for (int piece = pieces.nextSetBit(0); piece >= 0; piece = pieces.nextSetBit(piece + 1)) {
            if (requesters.get(piece).contains(source)) {
                released.add(piece);
            }
        }
        released.forEach(piece -> remove(piece, source));
        return released;
    }

    /** Requests to {@code source} not yet answered. */
    int inFlight(SwarmSource source) {
        return inFlight.getOrDefault(source, 0);
    }

    /** How many sources {@code piece} is requested from. */
    int requesters(int piece) {
        List<SwarmSource> sources = requesters.get(piece);
        return sources == null ? 0 : sources.size();
    }

    /** When {@code piece} was first requested from a source it is still in flight from. */
    long oldestRequest(int piece) {
        return firstRequested.getOrDefault(piece, Long.MAX_VALUE);
    }

    boolean isRequestedFrom(int piece, SwarmSource source) {
        List<SwarmSource> sources = requesters.get(piece);
        return sources != null && sources.contains(source);
    }

    /** The pieces requested from at least one source (a live view: do not modify). */
    BitSet pieces() {
        return pieces;
    }
}
