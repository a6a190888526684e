package io.peershare.peer.fetch;

import io.peershare.peer.repository.PublishResult;
import io.peershare.peer.repository.Repository;
import io.peershare.protocol.Sha256;
import io.peershare.protocol.wire.DataHeader;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Step 4 and 5 of a fetch: download from the ranked sources in turn into a temp file, verify, commit.
 * Whatever happens, the temp file is gone afterwards and nothing appears under the final name unverified.
 */
final class Transfer {

    private static final Logger LOG = Logger.getLogger(Transfer.class);

    private final Repository repository;
    private final FetchSettings settings;
    private final FetchProgress progress;
    private final String name;
    private final Sha256 sha256;
    private final long size;
    private final List<String> failures = new ArrayList<>();
    /** Sources whose bytes are in the temp file now: the suspects if the hash does not match. */
    private final Set<String> contributors = new LinkedHashSet<>();

    Transfer(Repository repository, FetchSettings settings, FetchProgress progress, String name, Sha256 sha256, long size) {
        this.repository = repository;
        this.settings = settings;
        this.progress = progress;
        this.name = name;
        this.sha256 = sha256;
        this.size = size;
    }

    void run(List<SourceSelector.Ranked> ranked) throws FetchException {
        Deque<SourceSelector.Ranked> queue = new ArrayDeque<>(ranked);
        Path temp = repository.newTempFile("fetch");
        long started = System.nanoTime();
        try (Download download = new Download(temp, progress::bytesDone)) {
            progress.state(FetchState.DOWNLOADING);
            while (true) {
                if (download.position() == size) {
                    if (verified(download)) {
                        download.sync();
                        download.close();
                        commit(temp, started);
                        return;
                    }
                    if (size == 0) {
                        throw new FetchException("could not fetch " + name + ": " + String.join("; ", failures));
                    }
                    continue;
                }
                SourceSelector.Ranked next = queue.poll();
                if (next == null) {
                    throw new FetchException("could not fetch " + name + ": " + String.join("; ", failures));
                }
                receiveFrom(next, download);
            }
        } catch (IOException e) {
            throw new FetchException("could not fetch " + name + ": " + Describe.failure(e));
        } finally {
            deleteQuietly(temp);
        }
    }

    /** Step 5: a mismatch discards the bytes and blames the sources they came from. */
    private boolean verified(Download download) throws IOException {
        progress.state(FetchState.VERIFYING);
        Sha256 got = download.digest();
        if (got.equals(sha256)) {
            return true;
        }
        String line = "corrupt copy from " + String.join(" and ", contributors) + " (sha256 " + Fetcher.abbreviate(got.hex())
                + " instead of " + Fetcher.abbreviate(sha256.hex()) + ")";
        LOG.warnf("fetch of %s: %s; trying the next source from offset 0", name, line);
        failures.add(line);
        contributors.clear();
        download.restart();
        progress.state(FetchState.DOWNLOADING);
        return false;
    }

    private void receiveFrom(SourceSelector.Ranked ranked, Download download) {
        String host = ranked.source().hostname();
        progress.source(host);
        long offset = download.position();
        try (DataClient client = DataClient.connect(ranked.source().address(), ranked.source().port(),
                settings.connectTimeout(), settings.socketTimeout(), settings.agent())) {
            DataHeader header = client.get(name, sha256, offset);
            if (header.fileSize() != size) {
                failures.add(host + " has " + header.fileSize() + " bytes, the tracker said " + size);
                return;
            }
            contributors.add(host);
            download.receive(client, header.length());
        } catch (IOException e) {
            String line = host + " failed" + (download.position() > offset ? " after " + download.position() + " bytes" : "")
                    + ": " + Describe.failure(e);
            LOG.infof("fetch of %s: %s; continuing with the next source", name, line);
            failures.add(line);
        }
    }

    private void commit(Path temp, long started) {
        PublishResult result = repository.commitDownload(temp, name, size, sha256);
        double seconds = (System.nanoTime() - started) / 1e9;
        String from = String.join(", ", contributors);
        progress.finish(FetchState.DONE, "fetched " + name + " (" + size + " bytes) from " + from + " in "
                + String.format("%.2f s", seconds) + ", sha256 " + result.entry().sha256().hex() + ", verified");
        LOG.infof("fetched %s (%d bytes) from %s in %.2f s (%.0f MB/s)", name, size, from, seconds, size / 1e6 / Math.max(seconds, 1e-9));
    }

    private static void deleteQuietly(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            LOG.warnf("cannot delete %s: %s", temp, e.getMessage());
        }
    }
}
