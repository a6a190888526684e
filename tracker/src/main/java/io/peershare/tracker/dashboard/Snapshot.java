package io.peershare.tracker.dashboard;

import java.time.Instant;
import java.util.List;

/**
 * What the dashboard shows live, one per second on {@code /dashboard/events} (docs/dashboard.md, "The stream").
 * Every list is capped and says how many it left out, so its size does not grow with the peers or the pieces.
 *
 * @param moreSwarms swarms left out (the least active)
 */
public record Snapshot(Instant at, Summary summary, List<Swarm> swarms, int moreSwarms) {

    /**
     * @param files          distinct names shared
     * @param fetches        fetches running now (reported, not ended)
     * @param bytesPerSecond all reported flows added up
     * @param reporters      peers whose transfer report is shown
     */
    public record Summary(long peers, long livePeers, long files, int fetches, long bytesPerSecond, int reporters) {
    }

    /**
     * The fetches of one content, with its seeds and flows.
     *
     * @param key    the content's sha256, or its name while no fetcher knows the hash yet
     * @param pieces the largest piece count its fetchers report, -1 when none knows it
     * @param seeds  complete holders in the registry (a sample), not counting the fetchers listed
     */
    public record Swarm(String key, String name, String sha256, int pieces, long bytesPerSecond,
                        List<Fetcher> fetchers, int moreFetchers, List<String> seeds, int moreSeeds,
                        List<Edge> flows, int moreFlows) {
    }

    /**
     * One fetch in a swarm.
     *
     * @param cells at most {@link PieceCells#MAX_CELLS} characters (see there), or null when the fetcher did not
     *              send its bitfield: then draw piecesHeld of pieces
     */
    public record Fetcher(String hostname, String id, String state, int pieces, int piecesHeld, long bytesHeld,
                          long size, long bytesPerSecond, String cells) {
    }

    /** Bytes flowing from {@code source} to {@code fetcher} now, all its fetches of this content added up. */
    public record Edge(String source, String fetcher, long bytesPerSecond) {
    }
}
