package io.peershare.tracker;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Every tunable of the tracker, with its documented default (docs/architecture.md, "Configuration"). */
@ConfigMapping(prefix = "tracker")
public interface TrackerConfig {

    /** How often peers are told to heartbeat. */
    @WithDefault("5s")
    Duration heartbeatInterval();

    /** A peer silent for longer stops being listed as live and as a source. */
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

    /** (shell) The tracker the shell talks to; {@code --url} overrides it. */
    @WithDefault("http://127.0.0.1:8080")
    String url();

    /** Deadlines when the tracker PINGs or LISTs a peer over the wire protocol. */
    Probe probe();

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
