package io.peershare.peer.swarm;

import io.peershare.protocol.PieceManifest;
import io.peershare.protocol.Sha256;
import io.peershare.protocol.api.Source;
import io.peershare.protocol.wire.WireClient;
import io.peershare.protocol.wire.WireLimits;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Gets the piece manifest a fetch is verified against, and checks it against the root the tracker holds: from
 * the partial download being resumed when it was made against the same root, otherwise from the sources one
 * after the other (whole-file holders first). A source that sends a manifest with another root is banned for
 * the file: it lies or is broken, and its pieces could not be trusted either.
 */
public final class ManifestFinder {

    private static final Logger LOG = Logger.getLogger(ManifestFinder.class);
    private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("manifest-deadline").daemon().factory());

    private final SwarmSettings settings;
    private final Predicate<Source> isSelf;

    public ManifestFinder(SwarmSettings settings, Predicate<Source> isSelf) {
        this.settings = settings;
        this.isSelf = isSelf;
    }

    /** The manifest with root {@code root} of {@code name} ({@code size} bytes, {@code sha256}). */
    public PieceManifest find(String name, Sha256 sha256, long size, Sha256 root, List<Source> sources, Path partialFolder,
                              SourceBans bans) throws ManifestUnavailableException {
        Optional<PieceManifest> local = resumable(partialFolder, sha256, root).or(() -> empty(size, root));
        if (local.isPresent()) {
            return local.get();
        }
        List<String> problems = new ArrayList<>();
        for (Source source : candidates(sources, bans)) {
            String key = source.address() + ":" + source.port();
            try {
                PieceManifest manifest = ask(source, name, sha256, size);
                if (manifest.root().equals(root) && manifest.fileSize() == size) {
                    return manifest;
                }
                String reason = "sent a piece manifest that is not the one the tracker holds for this file";
                bans.ban(key, source.hostname(), reason);
                LOG.warnf("fetch of %s: banned %s for this file: %s", name, source.hostname(), reason);
                problems.add(source.hostname() + ": " + reason);
            } catch (IOException e) {
                problems.add(source.hostname() + ": " + Failures.describe(e));
            }
        }
        throw new ManifestUnavailableException(problems.isEmpty() ? "no source left to ask" : String.join("; ", problems));
    }

    private static Optional<PieceManifest> resumable(Path partialFolder, Sha256 sha256, Sha256 root) {
        if (!PieceStore.manifestRootOf(partialFolder, sha256).map(root::equals).orElse(false)) {
            return Optional.empty();
        }
        try {
            return Optional.of(io.peershare.peer.repository.ManifestStore.decode(
                    Files.readAllBytes(partialFolder.resolve(sha256.hex() + ".manifest")))).filter(m -> m.root().equals(root));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** An empty file's manifest needs no source: it has no pieces. */
    private static Optional<PieceManifest> empty(long size, Sha256 root) {
        if (size != 0) {
            return Optional.empty();
        }
        PieceManifest none = PieceManifest.of(0, WireLimits.PIECE_SIZE, new byte[0]);
        return none.root().equals(root) ? Optional.of(none) : Optional.empty();
    }

    private List<Source> candidates(List<Source> sources, SourceBans bans) {
        List<Source> candidates = new ArrayList<>(sources.stream()
                .filter(s -> !isSelf.test(s) && !bans.isBanned(s.address() + ":" + s.port())).toList());
        Collections.shuffle(candidates);
        candidates.sort(Comparator.comparing(Source::partial));
        return candidates;
    }

    /** One MANIFEST exchange, the whole of it bounded by the piece timeout (a trickling source cannot hold it). */
    private PieceManifest ask(Source source, String name, Sha256 sha256, long size) throws IOException {
        try (WireClient client = WireClient.connect(source.address(), source.port(), settings.connectTimeout(),
                settings.stallTimeout(), settings.agent())) {
            ScheduledFuture<?> deadline = DEADLINES.schedule(() -> closeQuietly(client),
                    settings.pieceTimeout().toMillis(), TimeUnit.MILLISECONDS);
            try {
                return client.manifest(name, sha256, size);
            } finally {
                deadline.cancel(false);
            }
        }
    }

    private static void closeQuietly(WireClient client) {
        try {
            client.close();
        } catch (IOException e) {
            // closing to stop a trickle; nothing else to do
        }
    }

    /** No source sent a manifest matching the tracker's root. */
    public static final class ManifestUnavailableException extends Exception {
        ManifestUnavailableException(String problems) {
            super(problems);
        }
    }
}
