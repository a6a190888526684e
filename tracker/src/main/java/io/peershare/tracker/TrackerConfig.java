package io.peershare.tracker;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Every tunable of the tracker, with its documented default (docs/architecture.md, "Configuration"). */
@ConfigMapping(prefix = "tracker")
public interface TrackerConfig {

    /** How often peers are told to heartbeat, at least (longer when the budget asks for it). */
    @WithDefault("5s")
    Duration heartbeatInterval();

    /**
     * Most heartbeats per second the tracker asks of all its live peers: the interval it tells them is
     * max(heartbeat-interval, live peers ÷ budget), and the TTL grows with it (docs/architecture.md, "Heartbeat pace").
     * Absent: the store's default ({@link io.peershare.tracker.registry.HeartbeatPace#defaultBudget}).
     */
    java.util.OptionalLong heartbeatBudget();

    /** A peer silent for longer (at the configured interval; it scales with the told one) stops being listed as live. */
    @WithDefault("15s")
    Duration peerTtl();

    /** A peer silent for longer is dropped from the registry. */
    @WithDefault("10m")
    Duration peerExpiry();

    /** How often the registry is swept for peers past {@link #peerExpiry()}. */
    @WithDefault("30s")
    Duration sweepInterval();

    /** PING a peer's advertised address before accepting its registration. */
    @WithDefault("true")
    boolean verifyReachability();

    /** Most files one peer may hold in the registry (and so announce in one request). */
    @WithDefault("10000")
    int maxFilesPerPeer();

    /** Most peers the registry holds; a registration of one more name is answered 503 until some leave or expire. */
    @WithDefault("100000")
    int maxPeers();

    /**
     * Folder of the tracker's durable state (the identity book, {@code identities.txt}); created on first
     * write, owner-only. The default works on a host and in the container (the user's home).
     */
    @WithDefault("${user.home}/.peershare-tracker")
    String dataDir();

    /** Which key owns which hostname (docs/architecture.md, "Identity"). */
    Identity identity();

    interface Identity {
        /** A hostname whose key has neither registered nor heartbeat for this long is released. */
        @WithDefault("30d")
        Duration retention();

        /** A registration's timestamp may differ from the tracker's clock by at most this much. */
        @WithDefault("5m")
        Duration maxClockSkew();

        /** Most hostnames bound to keys; a new name beyond it is answered 503. */
        @WithDefault("200000")
        int maxBindings();
    }

    /** Which advertised addresses a registration may give. */
    Registration registration();

    interface Registration {
        /**
         * Accept any advertised address (the tracker then PINGs whatever a caller names). Off by default:
         * the address must be the request's source address, or a name that resolves to it.
         */
        @WithDefault("false")
        boolean allowAnyAddress();

        /** Networks (CIDR, e.g. 10.0.0.0/8, fd00::/8) whose addresses may be advertised from any source. */
        Optional<List<String>> allowedNetworks();

        /**
         * Balancers in front of this tracker (hostnames or addresses): on a request from one of them, the client's
         * address is the last one of its X-Forwarded-For. None by default (the TCP peer is the client).
         */
        Optional<List<String>> trustedProxies();
    }

    /**
     * Where the registry lives: {@code memory} (one tracker; nothing connects to Redis) or {@code redis} (replicas
     * share one registry in the Redis at {@code quarkus.redis.hosts}; docs/architecture.md, "Stores and replicas").
     */
    @WithDefault("memory")
    Store store();

    enum Store { MEMORY, REDIS }

    /** The Redis store's tunables (used only with {@code tracker.store=redis}). */
    Redis redis();

    interface Redis {
        /** Prefix of every key the tracker writes, so several registries (or other apps) can share one Redis. */
        @WithDefault("peershare:")
        String keyPrefix();

        /** About how many change events the stream keeps (MAXLEN ~); a replica further behind reloads its view. */
        @WithDefault("100000")
        int streamMaxLength();

        /** A write Redis has not answered within this is answered 503 with Retry-After (reads keep the view). */
        @WithDefault("2s")
        Duration writeTimeout();
    }

    /** (shell) The tracker the shell talks to; {@code --url} overrides it. */
    @WithDefault("http://127.0.0.1:8080")
    String url();

    /** Deadlines when the tracker PINGs or LISTs a peer over the wire protocol. */
    Probe probe();

    /** The live dashboard (/dashboard, docs/dashboard.md): what it keeps and how much it shows. */
    Dashboard dashboard();

    interface Dashboard {
        /** Most peers whose latest transfer report is kept; a report from one more drops the oldest. */
        @WithDefault("2000")
        int maxReporters();

        /** A transfer report is shown for this long after it arrived (peers report about once a second). */
        @WithDefault("10s")
        Duration reportTtl();

        /** Most browsers following /dashboard/events at once; one more is answered 503. */
        @WithDefault("32")
        int maxStreams();

        /** Most swarms (contents being fetched) a snapshot shows: the most active ones. */
        @WithDefault("20")
        int maxSwarms();

        /** Most fetchers a swarm lists; the rest is counted. */
        @WithDefault("40")
        int maxFetchers();

        /** Most seeds (complete holders from the registry) a swarm lists; the rest is counted. */
        @WithDefault("16")
        int maxSeeds();

        /** Most flows (source to fetcher) a swarm lists, the fastest; the rest is counted. */
        @WithDefault("64")
        int maxFlows();
    }

    /** Limits of the REST server beyond Quarkus' own (quarkus.http.*). */
    Http http();

    interface Http {
        /**
         * A connection the tracker has written nothing to for this long is closed: a request trickled a byte at
         * a time (slowloris) is closed this long after it connected. Keep it above {@code probe.deadline}.
         */
        @WithDefault("30s")
        Duration requestDeadline();
    }

    interface Probe {
        /** Connect deadline. */
        @WithDefault("2s")
        Duration connectTimeout();

        /** Read deadline for each answer. */
        @WithDefault("3s")
        Duration readTimeout();

        /** Deadline for a whole exchange (connect, HELLO, request, every answer): a trickling peer is cut off. */
        @WithDefault("5s")
        Duration deadline();

        /**
         * Most probes running at once (registration checks, ping, discover: all triggered by unauthenticated
         * requests); one more is refused with 503 and Retry-After instead of waiting in a queue.
         */
        @WithDefault("16")
        int maxConcurrent();

        /** Most files a live discover answer lists; the rest is counted and the answer says it is truncated. */
        @WithDefault("10000")
        int maxDiscoverFiles();

        /** Most bytes of names (UTF-8) a live discover answer lists, about a quarter of its JSON size. */
        @WithDefault("1048576")
        int maxDiscoverNameBytes();
    }
}
