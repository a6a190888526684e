package io.peershare.peer.swarm;

import io.peershare.protocol.api.Source;

import java.util.BitSet;

/**
 * One source of one fetch, as the swarm sees it: where it is, which pieces it holds (from its BITFIELD and
 * HAVE answers), how it has behaved, and what it gave. Mutable; guarded by the swarm's lock.
 */
final class SwarmSource {

    enum State {
        /** Not connected; may be connected once {@link #retryAt} has passed. */
        IDLE,
        /** A session is running. */
        ACTIVE,
        /** Sent a piece that failed its hash, or a manifest that is not the tracker's: never asked again for this file. */
        BANNED,
        /** No longer offers the file, cannot serve it (protocol version 1), or failed too often. */
        GONE
    }

    final Source source;
    State state = State.IDLE;
    /** Pieces it holds; null until its first BITFIELD answer. */
    BitSet holds;
    /** How much of its have-log we have read. */
    long serial;
    /** System.nanoTime() before which it is not connected again (IDLE) or not sent GETs (ACTIVE, after RETRY_LATER). */
    long retryAt;
    int failures;
    String problem;
    /** Bytes of verified pieces it gave. */
    long bytes;
    /** Bytes it sent that were not used (duplicates of the end game, corrupt pieces). */
    long wasted;
    /** Receive rate in bytes per second, smoothed; 0 until the first piece. */
    double rate;
    /** System.nanoTime() of its last verified piece, 0 before the first. */
    long lastPieceAt;
    SourceSession session;

    SwarmSource(Source source) {
        this.source = source;
    }

    String name() {
        return source.hostname();
    }

    /** address:port: what identifies a source across tracker answers. */
    String key() {
        return source.address() + ":" + source.port();
    }

    boolean holdsAll(int pieceCount) {
        return holds != null && holds.cardinality() == pieceCount;
    }

    @Override
    public String toString() {
        return source.hostname() + " (" + key() + ")";
    }
}
