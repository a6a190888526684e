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

    /** Loopback port of the control API the shell talks to (quarkus.http.port follows it). */
    @WithDefault("7071")
    int controlPort();

    /** Concurrent wire connections served; more get ERROR BUSY and are closed. */
    @WithDefault("64")
    int maxConnections();

    /** Read/write inactivity deadline on every wire socket. */
    @WithDefault("30s")
    Duration socketTimeout();

    /** Connect deadline when fetching (also bounds the PING that ranks sources). */
    @WithDefault("3s")
    Duration connectTimeout();

    /** Fetches running at once; more wait for a slot (not in the contract: an addition). */
    @WithDefault("4")
    int maxFetches();

    /** How often the repository folder is scanned for files added, edited or removed by hand (stat only; changed files are hashed). */
    @WithDefault("30s")
    Duration rescanInterval();

    /** Daemon switches. */
    Daemon daemon();

    interface Daemon {
        /** Start repository, file server and tracker session at startup; false for one-shot shell runs. */
        @WithDefault("true")
        boolean enabled();
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
