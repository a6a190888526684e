package io.peershare.it.population;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a {@link Population} simulates. From flags ({@code --peers 1000}) or the environment
 * ({@code POPULATION_PEERS=1000}); a flag wins.
 *
 * @param tracker           the tracker's base URL
 * @param peers             simulated peers, each with its own key and hostname {@code prefix-NNNNNN}
 * @param filesPerPeer      files each peer announces
 * @param catalog           distinct files the peers draw from
 * @param skew              Zipf exponent of the draw (0 = uniform, 1 = classic)
 * @param registerRate      registrations per second (0 = as fast as the threads go)
 * @param heartbeatInterval each peer heartbeats this often in the heartbeat phase
 * @param duration          length of the heartbeat phase (0 = none)
 * @param threads           workers, so at most this many requests (and connections) at once
 * @param timeout           deadline of every request and connect
 * @param prefix            hostname prefix (two populations on one tracker need two)
 * @param address           advertised address (with tracker.registration.allow-any-address=false: the sender's)
 * @param partialShare      fraction of announcements marked partial
 * @param seed              seeds which files each peer holds
 * @param keys              file of the peers' keys: read when it holds enough, else written after making them
 *                          (100,000 Ed25519 keys take a minute on two cores); null = make them every time
 */
public record PopulationConfig(URI tracker, int peers, int filesPerPeer, int catalog, double skew, double registerRate,
                               Duration heartbeatInterval, Duration duration, int threads, Duration timeout,
                               String prefix, String address, double partialShare, long seed,
                               java.nio.file.Path keys) {

    public PopulationConfig {
        if (peers < 1 || filesPerPeer < 0 || catalog < filesPerPeer || threads < 1) {
            throw new IllegalArgumentException("need peers >= 1, threads >= 1 and catalog >= files per peer; got peers "
                    + peers + ", files " + filesPerPeer + ", catalog " + catalog + ", threads " + threads);
        }
    }

    /** A small population for a test: {@code peers} × {@code filesPerPeer} against {@code tracker}, no heartbeat phase. */
    public static PopulationConfig of(URI tracker, int peers, int filesPerPeer) {
        return new PopulationConfig(tracker, peers, filesPerPeer, Math.max(filesPerPeer, peers * filesPerPeer / 10 + 1),
                1.0, 0, Duration.ofSeconds(5), Duration.ZERO, 16, Duration.ofSeconds(10), "sim", "127.0.0.1", 0.05, 1, null);
    }

    static PopulationConfig parse(String[] args) {
        Map<String, String> flags = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 == args.length) {
                throw new IllegalArgumentException("usage: Population --name value ... (see PopulationConfig); got '"
                        + args[i] + "'");
            }
            flags.put(args[i].substring(2), args[++i]);
        }
        Lookup get = (name, fallback) -> flags.getOrDefault(name,
                System.getenv().getOrDefault("POPULATION_" + name.toUpperCase(Locale.ROOT).replace('-', '_'), fallback));
        int peers = Integer.parseInt(get.of("peers", "1000"));
        int files = Integer.parseInt(get.of("files", "100"));
        return new PopulationConfig(URI.create(get.of("tracker", "http://127.0.0.1:8080")), peers, files,
                Integer.parseInt(get.of("catalog", String.valueOf(Math.max(files, peers * files / 10)))),
                Double.parseDouble(get.of("skew", "1.0")), Double.parseDouble(get.of("register-rate", "0")),
                duration(get.of("heartbeat-interval", "5s")), duration(get.of("duration", "30s")),
                Integer.parseInt(get.of("threads", "32")), duration(get.of("timeout", "10s")),
                get.of("prefix", "sim"), get.of("address", "127.0.0.1"),
                Double.parseDouble(get.of("partial", "0.05")), Long.parseLong(get.of("seed", "1")),
                get.of("keys", null) == null ? null : java.nio.file.Path.of(get.of("keys", null)));
    }

    private interface Lookup {
        String of(String name, String fallback);
    }

    /** {@code 500ms}, {@code 5s}, {@code 2m}, a plain number of seconds, or ISO-8601 ({@code PT5S}). */
    static Duration duration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.matches("[0-9]+(\\.[0-9]+)?")) {
            t = t + "s";
        }
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        if (t.endsWith("s")) {
            return Duration.ofMillis((long) (Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
        }
        if (t.endsWith("m")) {
            return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)) * 60);
        }
        return Duration.parse(text);
    }
}
