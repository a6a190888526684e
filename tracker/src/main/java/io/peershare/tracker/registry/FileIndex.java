package io.peershare.tracker.registry;

import io.peershare.protocol.api.FileEntry;
import io.peershare.protocol.api.FileSources;
import io.peershare.protocol.api.FileSummary;
import io.peershare.protocol.api.Source;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * Queries across peers. The search reads only the names the {@link NameIndex} finds and their holders; the
 * sources of a name read only its holders. Content is identified by its SHA-256 and a name is
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

    /** Holders of one announcement as the search counts them: live complete, live partial, all. */
    private static final class Tally {
        int live;
        int partial;
        int all;
    }

    /** Most live holders, then most complete live holders, then most holders; then the smaller size, repeatably. */
    private static final Comparator<Map.Entry<Announcement, Tally>> MOST_ANNOUNCED =
            Comparator.comparingInt((Map.Entry<Announcement, Tally> e) -> e.getValue().live + e.getValue().partial)
                    .thenComparingInt(e -> e.getValue().live)
                    .thenComparingInt(e -> e.getValue().all)
                    .thenComparing(e -> e.getKey().size(), Comparator.reverseOrder());

    /**
     * A page of the search: at most {@code max} summaries after {@code after} (null = from the first), in
     * listing order (name as {@link NameOrder}, then sha256). The name index gives the names in order from the
     * cursor's, a batch at a time; each announcement's live holders are counted as for sources (kept while
     * exact), so a popular name costs its announcements, not its holders. A name's contents are listed together,
     * but a page may end between two of them: the cursor carries the sha256.
     */
    static SearchRows summaries(PeerTable table, Glob glob, Cursor.FileKey after, int max, Instant now) {
        long revivals = table.revivals(); // read first, as for sources
        Duration ttl = table.ttl();
        List<FileSummary> page = new ArrayList<>();
        String from = null;
        if (after != null) {
            from = after.name();
            if (glob.matches(after.name())) { // the rest of the cursor's name: its contents after the cursor's
                table.names().read(after.name(), variants -> page.addAll(summariesOf(after.name(), variants, now,
                        ttl, revivals).stream().filter(s -> s.sha256().compareTo(after.sha256()) > 0).toList()));
            }
        }
        String[] last = {from};
        int[] given = {0};
        while (page.size() < max) {
            int wanted = max - page.size();
            given[0] = 0;
            String stoppedAfter = table.names().forEachOnPage(glob, last[0], wanted, (name, variants) -> {
                page.addAll(summariesOf(name, variants, now, ttl, revivals));
                last[0] = name;
                given[0]++;
            });
            if (stoppedAfter != null) {
                return new SearchRows(page.size() > max ? page.subList(0, max) : page, stoppedAfter);
            }
            if (given[0] < wanted) {
                break; // no more names
            }
        }
        return new SearchRows(page.size() > max ? page.subList(0, max) : page, null);
    }

    /**
     * Rows of a search in listing order; {@code stoppedAfter}: the name where the scan budget ran out before the
     * rows filled a page (the search resumes after it), null when the rows are a full page or the last ones.
     */
    record SearchRows(List<FileSummary> rows, String stoppedAfter) {
    }

    /** The summaries of one name from its announcements in the index (under its read lock). */
    private static List<FileSummary> summariesOf(String name, List<NameIndex.Variant> variants, Instant now,
                                                 Duration ttl, long revivals) {
        Map<String, Map<Announcement, Tally>> byContent = new HashMap<>(4);
        for (NameIndex.Variant variant : variants) {
            FileEntry file = variant.entry;
            int live = live(variant, now, ttl, revivals);
            Tally tally = byContent.computeIfAbsent(file.sha256(), sha -> new HashMap<>(2))
                    .computeIfAbsent(new Announcement(file.sha256(), file.size(), null), a -> new Tally());
            tally.live += file.partial() ? 0 : live;
            tally.partial += file.partial() ? live : 0;
            tally.all += variant.holders.size();
        }
        return summariesOf(name, byContent);
    }

    /** The same search over plain peers in a chosen order (tests: the answer must not depend on it). */
    static List<FileSummary> summaries(Collection<PeerEntry> peers, Glob glob, Instant now, Duration ttl) {
        Map<String, List<PeerEntry>> byName = new LinkedHashMap<>();
        for (PeerEntry peer : peers) {
            peer.files().keySet().stream().filter(glob::matches)
                    .forEach(name -> byName.computeIfAbsent(name, n -> new ArrayList<>()).add(peer));
        }
        List<FileSummary> summaries = new ArrayList<>();
        byName.forEach((name, holders) -> summaries.addAll(summariesOf(name, holders, now, ttl)));
        return sorted(summaries);
    }

    /**
     * One summary per content (sha256) under {@code name}. Its size and counts are those of the size most live
     * holders announce: a holder that lies about the size forms a group of its own, and it neither decides the
     * size everyone sees nor is counted as a source of the honest one. (Sources split further by manifest
     * root; the search does not, so holders from before pieces, which announce none, still count.)
     */
    private static List<FileSummary> summariesOf(String name, List<PeerEntry> holders, Instant now, Duration ttl) {
        Map<String, Map<Announcement, Tally>> byContent = new HashMap<>();
        for (PeerEntry peer : holders) {
            FileEntry file = peer.files().get(name);
            if (file == null) {
                continue; // the peer changed its list since the index was read
            }
            boolean isLive = peer.isLive(now, ttl);
            Tally tally = byContent.computeIfAbsent(file.sha256(), sha -> new HashMap<>(2))
                    // by size only: a holder from before pieces (no manifest root) is still a holder of the same bytes
                    .computeIfAbsent(new Announcement(file.sha256(), file.size(), null), a -> new Tally());
            tally.live += isLive && !file.partial() ? 1 : 0;
            tally.partial += isLive && file.partial() ? 1 : 0;
            tally.all++;
        }
        return summariesOf(name, byContent);
    }

    /** The summary per content: the announcement (size) with the most live holders, see {@link #MOST_ANNOUNCED}. */
    private static List<FileSummary> summariesOf(String name, Map<String, Map<Announcement, Tally>> byContent) {
        List<FileSummary> summaries = new ArrayList<>(byContent.size());
        byContent.forEach((sha, announcements) -> {
            Map.Entry<Announcement, Tally> top = announcements.entrySet().stream().max(MOST_ANNOUNCED).orElseThrow();
            summaries.add(new FileSummary(name, top.getKey().size(), sha, top.getValue().live, top.getValue().partial));
        });
        summaries.sort(Comparator.comparing(FileSummary::sha256));
        return summaries;
    }

    private static List<FileSummary> sorted(List<FileSummary> summaries) {
        summaries.sort(Comparator.comparing(FileSummary::name, NameOrder.INSTANCE).thenComparing(FileSummary::sha256));
        return summaries;
    }

    /**
     * {@link #sources(Collection, String, String, Instant, Duration, int, SourceSample)} from the name index (at the
     * table's TTL), in
     * time that does not grow with the holders: each content's live holders are counted once and the count kept
     * while it stays exact ({@link NameIndex.LiveCount}), and the sample is drawn from the holder sets directly.
     * Who holds what comes from the index, where and whether live from the peers' entries.
     */
    static List<FileSources> sources(PeerTable table, String name, String sha256, Instant now, int limit,
                                     SourceSample sample) {
        // Read first: a peer coming back after this, or a TTL changed after this, makes the counts recount; the TTL
        // read after it is the one the counts are made with (never an older TTL under a newer version).
        long revivals = table.revivals();
        Duration ttl = table.ttl();
        return table.names().read(name, variants -> {
            Map<Announcement, NameIndex.Variant[]> groups = new HashMap<>(4);
            for (NameIndex.Variant variant : variants) {
                FileEntry file = variant.entry;
                if (sha256 == null || sha256.equals(file.sha256())) {
                    groups.computeIfAbsent(new Announcement(file.sha256(), file.size(), file.manifest()),
                            a -> new NameIndex.Variant[2])[file.partial() ? 1 : 0] = variant;
                }
            }
            RandomGenerator random = sample.random();
            List<FileSources> result = new ArrayList<>(groups.size());
            groups.forEach((announced, kinds) -> {
                int complete = live(kinds[0], now, ttl, revivals);
                int partial = live(kinds[1], now, ttl, revivals);
                if (complete + partial == 0) {
                    return;
                }
                int[] quota = SourceSample.quotas(complete, partial, limit);
                DrawnSources picked = new DrawnSources(quota[0] + quota[1]);
                HolderDraw.draw(kinds[0], quota[0], complete, now, ttl, random, picked);
                HolderDraw.draw(kinds[1], quota[1], partial, now, ttl, random, picked);
                picked.shuffle(random);
                result.add(new FileSources(name, announced.size(), announced.sha256(), announced.manifest(), complete,
                        partial, picked));
            });
            result.sort(MOST_HOLDERS_FIRST);
            return result;
        });
    }

    /** The live holders of {@code variant} (none: 0), from its kept count while that is exact. */
    private static int live(NameIndex.Variant variant, Instant now, Duration ttl, long revivals) {
        if (variant == null) {
            return 0;
        }
        NameIndex.LiveCount kept = variant.liveCount;
        if (kept != null && kept.validAt(now, variant.changes, revivals)) {
            return kept.live();
        }
        int live = 0;
        Instant validUntil = Instant.MAX;
        HostSet holders = variant.holders;
        for (int slot = 0; slot < holders.capacity(); slot++) {
            PeerCell holder = holders.at(slot);
            PeerEntry peer = holder == null ? null : holder.entry();
            if (peer != null && peer.isLive(now, ttl)) {
                live++;
                Instant silentAfter = peer.lastSeen().plus(ttl);
                validUntil = silentAfter.isBefore(validUntil) ? silentAfter : validUntil;
            }
        }
        variant.liveCount = new NameIndex.LiveCount(live, variant.changes, revivals, now, validUntil);
        return live;
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

    /**
     * A page of the walk over every live holder of {@code name} (of {@code sha256} when given), in hostname order:
     * the {@code limit} first after {@code after} ("" = from the first), each in its announcement's group; the
     * groups count all their live holders, as in {@link #sources}.
     *
     * @param last the hostname of the page's last holder when there are more after it, else null
     * @param anyLive whether the name has a live holder at all (else the caller answers 404)
     */
    record Walk(List<FileSources> groups, String last, boolean anyLive) {
    }

    static Walk walk(Collection<PeerEntry> peers, String name, String sha256, Instant now, Duration ttl, String after,
                     int limit) {
        Map<Announcement, Holders> all = new HashMap<>();
        Map<Source, Announcement> later = new TreeMap<>(Comparator.comparing(Source::hostname));
        for (PeerEntry peer : peers) {
            FileEntry file = peer.files().get(name);
            if (file == null || !peer.isLive(now, ttl) || (sha256 != null && !sha256.equals(file.sha256()))) {
                continue;
            }
            Announcement announced = new Announcement(file.sha256(), file.size(), file.manifest());
            Source source = new Source(peer.hostname(), peer.address(), peer.port(), file.partial());
            all.computeIfAbsent(announced, a -> new Holders()).add(source);
            if (peer.hostname().compareTo(after) > 0) {
                later.put(source, announced);
            }
        }
        Map<Announcement, List<Source>> onPage = new LinkedHashMap<>();
        String last = null;
        int taken = 0;
        for (Map.Entry<Source, Announcement> holder : later.entrySet()) {
            if (taken == limit) {
                break;
            }
            onPage.computeIfAbsent(holder.getValue(), a -> new ArrayList<>()).add(holder.getKey());
            last = holder.getKey().hostname();
            taken++;
        }
        List<FileSources> groups = new ArrayList<>(onPage.size());
        onPage.forEach((announced, listed) -> {
            Holders holders = all.get(announced);
            groups.add(new FileSources(name, announced.size(), announced.sha256(), announced.manifest(),
                    holders.complete().size(), holders.partial().size(), listed));
        });
        groups.sort(MOST_HOLDERS_FIRST);
        return new Walk(groups, later.size() > limit ? last : null, !all.isEmpty());
    }
}
