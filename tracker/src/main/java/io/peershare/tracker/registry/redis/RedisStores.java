package io.peershare.tracker.registry.redis;

import io.vertx.core.Vertx;
import io.vertx.redis.client.ProtocolVersion;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;

import java.time.Duration;

/** Makes the registry's Redis client: a bounded pool (RESP2: the replies the scripts and the tail parse). */
public final class RedisStores {

    /** Connections: the tail's blocking read holds one; the rest serve writes. */
    private static final int POOL = 16;
    /** Writes waiting for a connection; one more fails at once (503) instead of queueing without bound. */
    private static final int WAITING = 1024;

    private RedisStores() {
    }

    public static RedisStore connect(Vertx vertx, String hosts, String prefix, Duration timeout) {
        RedisOptions options = new RedisOptions().setConnectionString(hosts.split(",")[0].strip())
                .setPreferredProtocolVersion(ProtocolVersion.RESP2)
                .setMaxPoolSize(POOL).setMaxPoolWaiting(WAITING)
                .setPoolRecycleTimeout((int) Duration.ofMinutes(1).toMillis());
        options.getNetClientOptions().setConnectTimeout((int) Math.max(1, timeout.toMillis()))
                .setTcpKeepAlive(true).setTcpNoDelay(true);
        return new RedisStore(Redis.createClient(vertx, options), prefix, timeout);
    }
}
