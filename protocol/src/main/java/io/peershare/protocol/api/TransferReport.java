package io.peershare.protocol.api;

import java.util.List;

/**
 * What one peer tells the tracker about the fetches it runs, about once a second while any runs
 * ({@code PUT /api/v1/peers/{hostname}/transfers}, docs/api.md "Transfers"). The tracker keeps only the latest
 * report of each peer, for its dashboard; nothing in the registry depends on it.
 *
 * @param transfers at most {@link #MAX_TRANSFERS}: the fetches running now, and those that ended since the last
 *                  report (so that a watcher sees each one finish)
 */
public record TransferReport(List<Transfer> transfers) {

    public static final int MAX_TRANSFERS = 16;
    /** Largest file, in pieces, whose bitfield travels in {@link Transfer#held()}; beyond it only counts do. */
    public static final int MAX_BITFIELD_PIECES = 65_536;
    public static final int MAX_FLOWS = 64;
}
