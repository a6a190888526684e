package io.peershare.peer.fetch;

import io.peershare.protocol.api.Source;
import io.peershare.protocol.wire.WireClient;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Orders sources by measured round-trip time: every source is PINGed at once (one virtual thread each), each
 * attempt bounded by the connect timeout for connecting and again for the PONG. Sources that do not answer
 * are left out, and their failures are kept to explain an empty result.
 */
public final class SourceSelector {

    private final Duration timeout;
    private final String agent;

    public SourceSelector(Duration timeout, String agent) {
        this.timeout = timeout;
        this.agent = agent;
    }

    /** A source that answered, and how fast. */
    public record Ranked(Source source, long rttNanos) {
    }

    /** The answering sources, fastest first, and one line per source that did not answer. */
    public record Ranking(List<Ranked> ranked, List<String> unreachable) {
    }

    public Ranking rank(List<Source> sources) {
        List<Ranked> ranked = new ArrayList<>();
        List<String> unreachable = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Ranked>> pings = sources.stream().map(s -> pool.submit(() -> ping(s))).toList();
            for (int i = 0; i < sources.size(); i++) {
                try {
                    ranked.add(pings.get(i).get());
                } catch (ExecutionException e) {
                    unreachable.add(sources.get(i).hostname() + " (" + Describe.failure(e.getCause()) + ")");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    unreachable.add(sources.get(i).hostname() + " (interrupted)");
                }
            }
        }
        ranked.sort(Comparator.comparingLong(Ranked::rttNanos));
        return new Ranking(ranked, unreachable);
    }

    private Ranked ping(Source source) throws IOException {
        try (WireClient client = WireClient.connect(source.address(), source.port(), timeout, timeout, agent)) {
            return new Ranked(source, client.ping());
        }
    }
}
