package io.peershare.peer.fetch;

import io.peershare.peer.Bytes;
import io.peershare.peer.PeerMetrics;
import io.peershare.peer.repository.PublishResult;
import io.peershare.peer.repository.Repository;
import io.peershare.peer.swarm.ManifestFinder;
import io.peershare.peer.swarm.PartialFiles;
import io.peershare.peer.swarm.PieceBuffers;
import io.peershare.peer.swarm.PieceStore;
import io.peershare.peer.swarm.PieceVerifier;
import io.peershare.peer.swarm.SourceBans;
import io.peershare.peer.swarm.SwarmFetch;
import io.peershare.peer.tracker.TrackerClient;
import io.peershare.peer.tracker.TrackerException;
import io.peershare.protocol.PieceManifest;
import io.peershare.protocol.Sha256;
import io.peershare.protocol.api.FileSources;
import io.peershare.protocol.api.Source;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Fetches one content (a SHA-256) from the swarm. The tracker lists its holders grouped by what they announced
 * (size and manifest root); honest holders agree, so the group with the most holders is tried first: get its
 * manifest, open (or resume) the partial download, serve it while the {@link SwarmFetch} fills it, check the
 * whole file, commit. If the pieces, each matching that manifest, do not make the file (a consistent lie),
 * its contributors are banned, the download is discarded and the next group is tried.
 */
final class ContentFetch {

    private static final Logger LOG = Logger.getLogger(ContentFetch.class);

    /** The peer-wide parts a fetch uses. */
    record Parts(Repository repository, TrackerClient tracker, FetchSettings settings, PartialFiles partials,
                 PieceVerifier verifier, PieceBuffers buffers, Predicate<Source> isSelf, PeerMetrics metrics) {
    }

    private final Parts parts;
    private final FetchProgress progress;
    private final String name;
    private final Sha256 sha256;
    private final SourceBans bans;
    private final List<String> failures = new ArrayList<>();

    ContentFetch(Parts parts, FetchProgress progress, String name, Sha256 sha256) {
        this.parts = parts;
        this.progress = progress;
        this.name = name;
        this.sha256 = sha256;
        this.bans = new SourceBans(parts.metrics()::sourceBanned);
    }

    /** Tries the groups in turn; returns when one gave the verified file, throws when none could. */
    void run(List<FileSources> groups) throws FetchException {
        long started = System.nanoTime();
        for (FileSources group : groups) {
            if (group.manifest() == null) {
                failures.add(String.join(", ", hosts(group)) + " announced it without a piece manifest (an older peershare; upgrade it)");
                continue;
            }
            if (attempt(group, started)) {
                return;
            }
        }
        throw new FetchException("could not fetch " + name + ": " + String.join("; ", failures) + bannedSuffix());
    }

    /** One group: true when the file is committed, false when the group's pieces did not make the file. */
    private boolean attempt(FileSources group, long started) throws FetchException {
        Sha256 root = Sha256.parse(group.manifest());
        PieceManifest manifest = manifest(group, root);
        progress.target(manifest.fileSize(), manifest.pieceCount(), sha256.hex());
        PieceStore store = open(manifest);
        if (store.resumedPieces() > 0) {
            LOG.infof("fetch of %s: resuming with %d of %d pieces already verified on disk", name, store.resumedPieces(),
                    manifest.pieceCount());
        }
        progress.done(0, store.held().count());
        progress.holding(store.held());
        parts.partials().add(store);
        progress.state(FetchState.DOWNLOADING);
        SwarmFetch swarm = new SwarmFetch(store, parts.settings().swarm(), parts.verifier(), parts.buffers(),
                () -> refresh(group), parts.isSelf(), bans, progress, System::nanoTime, new SplittableRandom(),
                parts.settings().selfHostname(), parts.metrics());
        long swarmStarted = System.nanoTime();
        SwarmFetch.Result result = swarm.run(group.sources());
        LOG.debugf("fetch of %s: swarm ended %s after %.3f s", name, result, (System.nanoTime() - swarmStarted) / 1e9);
        return switch (result) {
            case COMPLETE -> finish(store, swarm, started);
            case UNWRITABLE -> {
                parts.partials().remove(store, true);
                store.discard();
                IOException cause = swarm.unwritableCause();
                throw new FetchException("cannot write " + name + " to this peer's disk (" + cause.getMessage()
                        + "); the partial download was removed; free some space or fix the disk, then fetch again");
            }
            case STALLED, NO_SOURCES, STOPPED -> {
                parts.partials().remove(store, true);
                int kept = store.held().count();
                store.close();
                throw new FetchException(stopped(result, swarm.tally()) + "; " + kept + " of " + manifest.pieceCount()
                        + " pieces are kept: fetch again to resume" + bannedSuffix());
            }
        };
    }

    private PieceManifest manifest(FileSources group, Sha256 root) throws FetchException {
        try {
            return new ManifestFinder(parts.settings().swarm(), parts.isSelf())
                    .find(name, sha256, group.size(), root, group.sources(), parts.repository().partialFolder(), bans);
        } catch (ManifestFinder.ManifestUnavailableException e) {
            throw new FetchException("could not fetch " + name + ": no source sent its piece manifest (" + e.getMessage() + ")"
                    + bannedSuffix());
        }
    }

    private PieceStore open(PieceManifest manifest) throws FetchException {
        try {
            return PieceStore.open(parts.repository().partialFolder(), name, sha256, manifest);
        } catch (IOException e) {
            throw new FetchException("cannot write " + name + " to this peer's disk (" + e.getMessage()
                    + "); free some space or fix the disk, then fetch again");
        }
    }

    private boolean finish(PieceStore store, SwarmFetch swarm, long started) throws FetchException {
        progress.state(FetchState.VERIFYING);
        Path data;
        try {
            data = store.finish();
        } catch (PieceStore.WholeFileMismatchException e) {
            String reason = "its pieces do not make the file (" + e.getMessage() + ")";
            LOG.warnf("fetch of %s: %s; banning the sources of that manifest and trying other holders", name, reason);
            swarm.banContributors("gave pieces of a manifest that does not make the file");
            failures.add("the holders of manifest " + store.manifest().root().hex().substring(0, 12) + "… " + reason);
            parts.partials().remove(store, true);
            store.discard();
            progress.state(FetchState.LOCATING);
            return false;
        } catch (IOException e) {
            parts.partials().remove(store, true);
            store.discard();
            throw new FetchException("cannot write " + name + " to this peer's disk (" + e.getMessage()
                    + "); the partial download was removed; free some space or fix the disk, then fetch again");
        }
        LOG.debugf("fetch of %s: whole file checked and synced after %.3f s", name, (System.nanoTime() - started) / 1e9);
        PublishResult committed;
        try {
            committed = parts.repository().commitDownload(data, name, sha256, store.manifest());
        } finally {
            parts.partials().remove(store, false);
            store.discard();
        }
        SwarmFetch.Tally tally = swarm.tally();
        double seconds = (System.nanoTime() - started) / 1e9;
        String from = tally.bytesBySource().isEmpty() ? "pieces already on disk"
                : tally.bytesBySource().size() + " source" + (tally.bytesBySource().size() == 1 ? "" : "s") + " ("
                + tally.bytesBySource().entrySet().stream().map(e -> e.getKey() + " " + Bytes.format(e.getValue()))
                .collect(Collectors.joining(", ")) + ")";
        progress.done(store.manifest().fileSize(), store.manifest().pieceCount());
        progress.finish(FetchState.DONE, String.format(Locale.ROOT, "fetched %s (%s) from %s in %.2f s, sha256 %s, verified%s%s",
                name, Bytes.format(store.manifest().fileSize()), from, seconds, Bytes.shortHash(committed.entry().sha256().hex()),
                store.resumedPieces() > 0 ? "; " + store.resumedPieces() + " pieces were already here" : "", bannedSuffix()));
        LOG.infof("fetched %s (%d bytes) in %.2f s from %s; %d bytes wasted", name, store.manifest().fileSize(), seconds,
                tally.bytesBySource(), tally.wasted());
        return true;
    }

    /** The sources of {@code group} the tracker lists now (a fresh sample each time). */
    private List<Source> refresh(FileSources group) {
        try {
            return parts.tracker().sources(name, sha256.hex()).stream()
                    .filter(g -> g.size() == group.size() && group.manifest().equals(g.manifest()))
                    .flatMap(g -> g.sources().stream()).toList();
        } catch (TrackerException e) {
            LOG.debugf("fetch of %s: the tracker did not answer for new sources: %s", name, e.getMessage());
            return List.of();
        }
    }

    private String stopped(SwarmFetch.Result result, SwarmFetch.Tally tally) {
        String why = tally.problems().isEmpty() ? "" : " (" + String.join("; ", tally.problems()) + ")";
        return switch (result) {
            case STALLED -> "could not fetch " + name + ": no piece arrived for "
                    + parts.settings().swarm().idleTimeout().toSeconds() + " s" + why;
            case NO_SOURCES -> "could not fetch " + name + ": no live source can send the missing pieces" + why;
            default -> "the fetch of " + name + " was stopped (the daemon is shutting down)";
        };
    }

    private String bannedSuffix() {
        List<String> banned = bans.lines();
        return banned.isEmpty() ? "" : "; banned for this file: " + String.join(", ", banned);
    }

    private static List<String> hosts(FileSources group) {
        return group.sources().stream().map(Source::hostname).toList();
    }

}
