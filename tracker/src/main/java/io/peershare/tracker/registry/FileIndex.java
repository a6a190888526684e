package io.peershare.tracker.registry;

import io.peershare.protocol.api.FileEntry;
import io.peershare.protocol.api.FileSources;
import io.peershare.protocol.api.FileSummary;
import io.peershare.protocol.api.Source;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Queries across peers, each one scan of the registry. Content is identified by its SHA-256 and a name is
 * only a label per peer, so results are grouped by (name, sha256): two peers offering different bytes under
 * one name give two rows. Sources go further and group by the whole announcement (see {@link #sources}).
 */
final class FileIndex {

    /** Most holders first, then most complete holders; the rest only makes the order repeatable. */
    private static final Comparator<FileSources> MOST_HOLDERS_FIRST =
            Comparator.comparingInt((FileSources s) -> s.completeSources() + s.partialSources()).reversed()
                    .thenComparing(Comparator.comparingInt(FileSources::completeSources).reversed())
                    .thenComparing(FileSources::sha256)
                    .thenComparingLong(FileSources::size)
                    .thenComparing(FileSources::manifest, Comparator.nullsFirst(Comparator.naturalOrder()));

    private FileIndex() {
    }

    private record Content(String name, String sha256) {
    }

    /** What every honest holder of one content announces alike. */
    private record Announcement(String sha256, long size, String manifest) {
    }

    /** The live holders of one announcement, by kind. */
    private record Holders(List<Source> complete, List<Source> partial) {

        Holders() {
            this(new ArrayList<>(), new ArrayList<>());
        }

        void add(Source source) {
            (source.partial() ? partial : complete).add(source);
        }
    }

    /** One content under one name, as the search shows it. */
    private static final class Tally {
        int live;
        int partial;
        /** Announced size → {live holders, all holders} announcing it. */
        final Map<Long, int[]> sizes = new HashMap<>(2);

        void count(FileEntry file, boolean isLive) {
            live += isLive && !file.partial() ? 1 : 0;
            partial += isLive && file.partial() ? 1 : 0;
            int[] votes = sizes.computeIfAbsent(file.size(), size -> new int[2]);
            votes[0] += isLive ? 1 : 0;
            votes[1]++;
        }

        /**
         * The size most live holders announce (else most holders, else the smaller): one peer announcing a
         * wrong size must not decide what everyone sees, as the last one visited used to.
         */
        long size() {
            return sizes.entrySet().stream()
                    .max(Comparator.comparingInt((Map.Entry<Long, int[]> e) -> e.getValue()[0])
                            .thenComparingInt(e -> e.getValue()[1])
                            .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                    .orElseThrow()
                    .getKey();
        }
    }

    static List<FileSummary> summaries(Collection<PeerEntry> peers, Pattern pattern, Instant now, Duration ttl) {
        Map<Content, Tally> tallies = new HashMap<>();
        for (PeerEntry peer : peers) {
            boolean live = peer.isLive(now, ttl);
            for (FileEntry file : peer.files().values()) {
                if (pattern.matcher(file.name()).matches()) {
                    tallies.computeIfAbsent(new Content(file.name(), file.sha256()), c -> new Tally()).count(file, live);
                }
            }
        }
        List<FileSummary> summaries = new ArrayList<>(tallies.size());
        tallies.forEach((content, tally) -> summaries.add(
                new FileSummary(content.name(), tally.size(), content.sha256(), tally.live, tally.partial)));
        summaries.sort(Comparator.comparing((FileSummary s) -> s.name().toLowerCase(Locale.ROOT))
                .thenComparing(FileSummary::name)
                .thenComparing(Comparator.comparingInt(FileSummary::liveSources).reversed())
                .thenComparing(Comparator.comparingInt(FileSummary::partialSources).reversed())
                .thenComparing(FileSummary::sha256));
        return summaries;
    }

    /**
     * Live holders of {@code name}, complete and partial, one {@link FileSources} per distinct (sha256, size,
     * manifest), most holders first; {@code sha256} null = any content. Honest holders of one content announce
     * the same size and manifest root, so a holder that lies about either forms a group of its own and cannot
     * spoil theirs. Each group counts all its holders but lists at most {@code limit} of them, drawn by
     * {@code sample}.
     */
    static List<FileSources> sources(Collection<PeerEntry> peers, String name, String sha256, Instant now, Duration ttl,
                                     int limit, SourceSample sample) {
        Map<Announcement, Holders> groups = new HashMap<>();
        for (PeerEntry peer : peers) {
            FileEntry file = peer.files().get(name);
            if (file == null || !peer.isLive(now, ttl) || (sha256 != null && !sha256.equals(file.sha256()))) {
                continue;
            }
            groups.computeIfAbsent(new Announcement(file.sha256(), file.size(), file.manifest()), a -> new Holders())
                    .add(new Source(peer.hostname(), peer.address(), peer.port(), file.partial()));
        }
        List<FileSources> result = new ArrayList<>(groups.size());
        groups.forEach((announced, holders) -> result.add(new FileSources(name, announced.size(), announced.sha256(),
                announced.manifest(), holders.complete().size(), holders.partial().size(),
                sample.pick(holders.complete(), holders.partial(), limit))));
        result.sort(MOST_HOLDERS_FIRST);
        return result;
    }
}
