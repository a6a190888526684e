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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Queries across peers. Content is identified by its SHA-256 and a name is only a label per peer, so
 * results are grouped by (name, sha256): two peers offering different bytes under one name give two rows.
 */
final class FileIndex {

    private FileIndex() {
    }

    private record Content(String name, String sha256) {
    }

    static List<FileSummary> summaries(Collection<PeerEntry> peers, Pattern pattern, Instant now, Duration ttl) {
        Map<Content, long[]> sizeAndLive = new TreeMap<>(Comparator.comparing(Content::name).thenComparing(Content::sha256));
        for (PeerEntry peer : peers) {
            boolean live = peer.isLive(now, ttl);
            for (FileEntry file : peer.files().values()) {
                if (pattern.matcher(file.name()).matches()) {
                    long[] row = sizeAndLive.computeIfAbsent(new Content(file.name(), file.sha256()), c -> new long[]{file.size(), 0});
                    row[1] += live ? 1 : 0;
                }
            }
        }
        List<FileSummary> summaries = new ArrayList<>(sizeAndLive.size());
        sizeAndLive.forEach((content, row) -> summaries.add(new FileSummary(content.name(), row[0], content.sha256(), (int) row[1])));
        summaries.sort(Comparator.comparing((FileSummary s) -> s.name().toLowerCase(java.util.Locale.ROOT))
                .thenComparing(FileSummary::name)
                .thenComparing(Comparator.comparingInt(FileSummary::liveSources).reversed())
                .thenComparing(FileSummary::sha256));
        return summaries;
    }

    /** Live holders of {@code name} grouped by content, most sources first; {@code sha256} null = any content. */
    static List<FileSources> sources(Collection<PeerEntry> peers, String name, String sha256, Instant now, Duration ttl) {
        Map<String, List<Source>> bySha = new TreeMap<>();
        Map<String, Long> sizeBySha = new TreeMap<>();
        for (PeerEntry peer : peers) {
            FileEntry file = peer.files().get(name);
            if (file == null || !peer.isLive(now, ttl) || (sha256 != null && !sha256.equals(file.sha256()))) {
                continue;
            }
            bySha.computeIfAbsent(file.sha256(), s -> new ArrayList<>()).add(new Source(peer.hostname(), peer.address(), peer.port()));
            sizeBySha.put(file.sha256(), file.size());
        }
        List<FileSources> result = new ArrayList<>();
        bySha.forEach((sha, sources) -> {
            sources.sort(Comparator.comparing(Source::hostname));
            result.add(new FileSources(name, sizeBySha.get(sha), sha, List.copyOf(sources)));
        });
        result.sort(Comparator.comparingInt((FileSources s) -> s.sources().size()).reversed());
        return result;
    }
}
