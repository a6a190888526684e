package io.peershare.tracker.registry;

/**
 * One held hostname's place in the registry. The {@link PeerTable} keeps one cell per hostname for as long as
 * it holds the peer (through heartbeats, moves, new files and a new token alike) and swaps the cell's entry
 * inside its per-key compute; the name index's {@link HostSet}s hold the cells, so a sources draw reaches a
 * holder's address and liveness through one reference instead of looking its hostname up in the peer map (a
 * few cache misses per holder on a large table). When the peer is removed the cell is marked gone (no entry)
 * and left out of every holder set; a later registration of the hostname gets a new cell.
 */
final class PeerCell {

    final String hostname;
    /** The hostname's hash, spread: a holder set probes by it without reading the string. */
    final int hash;
    private volatile PeerEntry entry;
    /** The source object as the sources answer writes it, for the address it was made for (null: none yet). */
    private volatile SourceBytes encoded;

    PeerCell(String hostname) {
        this.hostname = hostname;
        int h = hostname.hashCode() * 0x9E3779B9;
        this.hash = h ^ (h >>> 16);
    }

    /** The peer's current snapshot; null once it is gone. */
    PeerEntry entry() {
        return entry;
    }

    /** Only the table, inside the hostname's compute (null: gone). */
    void set(PeerEntry now) {
        entry = now;
    }

    /**
     * {@code peer}'s source object, encoded on first use and again only when its address or port differs from
     * the one encoded: checked against the entry the caller read, so a move is never answered with the old
     * address. Racing draws may both encode; either result is right and immutable.
     */
    SourceBytes encoded(PeerEntry peer) {
        SourceBytes bytes = encoded;
        if (bytes == null || !bytes.encodes(peer)) {
            bytes = SourceBytes.of(hostname, peer.address(), peer.port());
            encoded = bytes;
        }
        return bytes;
    }

    @Override
    public String toString() {
        return hostname;
    }
}
