package io.peershare.peer;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Every {@code peer.*} key of docs/architecture.md, with its default. */
@ConfigMapping(prefix = "peer")
public interface PeerConfig {

    /** The name this peer registers under; default: env HOSTNAME, else the machine's host name. */
    Optional<String> hostname();

    /** The tracker's base URL. */
    @WithDefault("http://127.0.0.1:8080")
    String trackerUrl();

    /** Bind address of the wire file server (containers set 0.0.0.0). */
    @WithDefault("127.0.0.1")
    String bindAddress();

    /** Port of the wire file server; 0 picks a free port (tests). */
    @WithDefault("7070")
    int port();

    /** Address other peers and the tracker use; default: the bind address, or the hostname when binding 0.0.0.0. */
    Optional<String> advertisedAddress();

    /** The repository folder. */
    @WithDefault("./repository")
    String repository();

    /**
     * The file holding this peer's identity key (Ed25519, made on first start, owner-only); the tracker gives
     * the hostname only to this key. Default: {@code <repository>/.peershare/identity.key}.
     */
    Optional<String> identityFile();

    /** Loopback port of the control API the shell talks to (quarkus.http.port follows it). */
    @WithDefault("7071")
    int controlPort();

    /**
     * Whether the metrics server runs (Prometheus text on {@code /q/metrics}, docs/metrics.md); it is Quarkus'
     * management interface, a server of its own apart from the control API. Off by default, on in the image:
     * peers sharing a machine (the tour, the local tests) would all want the one port.
     */
    @WithDefault("false")
    boolean metricsEnabled();

    /** Port of the metrics server; other peers and Prometheus reach it, so it is never the control port. */
    @WithDefault("9100")
    int metricsPort();

    /** Bind address of the metrics server; default: peer.bind-address (containers: 0.0.0.0). */
    Optional<String> metricsHost();

    /**
     * The file holding the control API's secret, written 0600 by the daemon at every start and read by the shell
     * (which must run as the daemon's user); default {@code ~/.peershare/control-<control-port>.secret}.
     */
    Optional<String> controlSecretFile();

    /**
     * Wire connections held open at once (waiting for a request or being served). A newcomer beyond it replaces the
     * oldest connection that has not sent HELLO (or has been silent longer than the request timeout), else gets ERROR BUSY.
     */
    @WithDefault("4096")
    int maxConnections();

    /** Platform threads answering complete requests at once; a waiting connection holds none. */
    @WithDefault("64")
    int servingThreads();

    /** A client must send a whole request frame within this of its first byte (its HELLO: within this of connecting). */
    @WithDefault("5s")
    Duration requestTimeout();

    /** Uploads sent at once; more GETs are answered RETRY_LATER (version 2) or BUSY (version 1). */
    @WithDefault("4")
    int maxUploads();

    /** How long a GET waits, in arrival order, for an upload slot before it is answered RETRY_LATER. */
    @WithDefault("200ms")
    Duration uploadQueueWait();

    /** The wait a RETRY_LATER asks for (plus up to half of it at random). */
    @WithDefault("500ms")
    Duration busyRetryAfter();

    /** Write-progress deadline on every wire socket the file server holds, and the longest silence between requests. */
    @WithDefault("30s")
    Duration socketTimeout();

    /** Connect deadline when fetching (also bounds the PING that ranks sources). */
    @WithDefault("3s")
    Duration connectTimeout();

    /** Fetches running at once; more wait for a slot (not in the contract: an addition). */
    @WithDefault("4")
    int maxFetches();

    /** Sources one fetch downloads from at once. */
    @WithDefault("16")
    int maxSourcesPerFetch();

    /** A source that sends nothing for this long while a fetch waits on it is dropped (tried again later). */
    @WithDefault("5s")
    Duration stallTimeout();

    /** One answer (a piece) may take at most this long; a slower source is dropped and its pieces move. */
    @WithDefault("10s")
    Duration pieceTimeout();

    /** A fetch with no verified piece for this long gives up, keeping its pieces for a resume. */
    @WithDefault("60s")
    Duration fetchIdleTimeout();

    /** How often a running fetch asks the tracker for new sources (the first few times sooner). */
    @WithDefault("5s")
    Duration sourcesRefresh();

    /** Piece buffers (1 MiB each) shared by all fetches: bounds the memory of receiving. */
    @WithDefault("64")
    int pieceBuffers();

    /** How often the repository folder is scanned for files added, edited or removed by hand (stat only; changed files are hashed). */
    @WithDefault("30s")
    Duration rescanInterval();

    /**
     * Whether this peer tells the tracker about its running fetches, for the tracker's live dashboard (every
     * {@code peer.report-interval} while a fetch runs; nothing when idle; an older tracker: one INFO line, then none).
     */
    @WithDefault("true")
    boolean reportTransfers();

    /** How often a peer with running fetches reports them to the tracker (at least 100ms). */
    @WithDefault("1s")
    Duration reportInterval();

    /** Daemon switches. */
    Daemon daemon();

    interface Daemon {
        /** Start repository, file server and tracker session at startup; false for one-shot shell runs. */
        @WithDefault("true")
        boolean enabled();
    }

    /** peer.control-secret-file, else the default for peer.control-port (the shell computes the same). */
    default io.peershare.peer.control.ControlSecretFile effectiveControlSecretFile() {
        return io.peershare.peer.control.ControlSecretFile.of(controlSecretFile().orElse(null), controlPort());
    }

    /** The hostname actually used: peer.hostname, else env HOSTNAME, else the local host name. */
    default String effectiveHostname() {
        return hostname().filter(h -> !h.isBlank()).orElseGet(PeerConfig::machineHostname);
    }

    /** peer.advertised-address, else the bind address, else (binding every interface) the hostname. */
    default String effectiveAdvertisedAddress() {
        return advertisedAddress().filter(a -> !a.isBlank()).orElseGet(() -> {
            String bind = bindAddress();
            boolean wildcard = bind.equals("0.0.0.0") || bind.equals("::") || bind.equals("[::]");
            return wildcard ? effectiveHostname() : bind;
        });
    }

    static String machineHostname() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }
}
