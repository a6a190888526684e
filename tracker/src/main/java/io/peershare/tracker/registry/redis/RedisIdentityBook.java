package io.peershare.tracker.registry.redis;

import io.peershare.tracker.registry.IdentityBook;
import io.peershare.tracker.registry.RegistryException;
import io.peershare.tracker.registry.redis.RedisStore.Script;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The identity book in Redis, shared by every replica: {@code P id:{hostname}} is a hash k (public key), t (last
 * registration timestamp), u (last use, ms); {@code P ids} a sorted set hostname → last use, for counting and
 * releasing. Each bind is one Lua script, so two replicas cannot both give a name away, and a replayed
 * registration is refused on every replica. Not part of the epoch: identities are durable state, not soft
 * state (run Redis with persistence, docs/architecture.md, "Stores and replicas").
 */
public final class RedisIdentityBook implements IdentityBook {

    /** Heartbeats record a binding's last use at most this often per replica, so they cost no extra round trip. */
    private static final Duration TOUCH_GRANULARITY = Duration.ofHours(1);

    /** 1 prefix, 2 hostname, 3 key, 4 timestamp, 5 now, 6 retention ms, 7 max bindings. */
    private static final Script BIND = Script.of("""
            local P, h = ARGV[1], ARGV[2]
            local ik = P .. 'id:' .. h
            local b = redis.call('HMGET', ik, 'k', 't', 'u')
            if b[1] then
              if tonumber(b[3]) + tonumber(ARGV[6]) >= tonumber(ARGV[5]) then
                if b[1] ~= ARGV[3] then return {'TAKEN', b[3]} end
                if tonumber(ARGV[4]) <= tonumber(b[2]) then return {'REPLAY'} end
              end
            elseif redis.call('ZCARD', P .. 'ids') >= tonumber(ARGV[7]) then
              return {'FULL'}
            end
            redis.call('HSET', ik, 'k', ARGV[3], 't', ARGV[4], 'u', ARGV[5])
            redis.call('ZADD', P .. 'ids', ARGV[5], h)
            return {'OK'}
            """);

    /** 1 prefix, 2 hostname, 3 now. */
    private static final Script TOUCH = Script.of("""
            local P, h = ARGV[1], ARGV[2]
            if redis.call('EXISTS', P .. 'id:' .. h) == 1 then
              redis.call('HSET', P .. 'id:' .. h, 'u', ARGV[3])
              redis.call('ZADD', P .. 'ids', ARGV[3], h)
            end
            return {'OK'}
            """);

    /** 1 prefix, 2 cutoff (ms: last use before it = released), 3 most per call. */
    private static final Script EXPIRE = Script.of("""
            local P = ARGV[1]
            local n = 0
            for _, h in ipairs(redis.call('ZRANGEBYSCORE', P .. 'ids', '-inf', '(' .. ARGV[2], 'LIMIT', 0, tonumber(ARGV[3]))) do
              redis.call('DEL', P .. 'id:' .. h)
              redis.call('ZREM', P .. 'ids', h)
              n = n + 1
            end
            return {'OK', tostring(n)}
            """);

    private static final int EXPIRE_BATCH = 1000;

    private final RedisStore store;
    private final Clock clock;
    private final Duration retention;
    private final int maxBindings;
    /** When this replica last recorded a use of each name (bounded: cleared past maxBindings entries). */
    private final ConcurrentHashMap<String, Instant> touched = new ConcurrentHashMap<>();

    public RedisIdentityBook(RedisStore store, Clock clock, Duration retention, int maxBindings) {
        this.store = store;
        this.clock = clock;
        this.retention = retention;
        this.maxBindings = maxBindings;
    }

    @Override
    public void check(String hostname, String publicKey, long timestamp) {
        String p = store.prefix();
        List<Response> r = store.batch(List.of(Request.cmd(Command.HMGET).arg(p + "id:" + hostname).arg("k").arg("t").arg("u"),
                Request.cmd(Command.ZCARD).arg(p + "ids")));
        Response binding = r.get(0);
        Instant now = clock.instant();
        if (binding.get(0) == null) {
            if (r.get(1).toLong() >= maxBindings) {
                throw IdentityBook.full();
            }
            return;
        }
        Instant lastUsed = Instant.ofEpochMilli(binding.get(2).toLong());
        if (lastUsed.plus(retention).isBefore(now)) {
            return; // released
        }
        if (!binding.get(0).toString().equals(publicKey)) {
            throw IdentityBook.taken(hostname, lastUsed, now);
        }
        if (timestamp <= binding.get(1).toLong()) {
            throw IdentityBook.replay(hostname, timestamp);
        }
    }

    @Override
    public long bind(String hostname, String publicKey, long timestamp) {
        Instant now = clock.instant();
        Response r = store.eval(BIND, List.of(store.prefix(), hostname, publicKey, Long.toString(timestamp),
                Long.toString(now.toEpochMilli()), Long.toString(retention.toMillis()), Integer.toString(maxBindings)));
        switch (r.get(0).toString()) {
            case "TAKEN" -> throw IdentityBook.taken(hostname, Instant.ofEpochMilli(r.get(1).toLong()), now);
            case "REPLAY" -> throw IdentityBook.replay(hostname, timestamp);
            case "FULL" -> throw IdentityBook.full();
            default -> {
                remember(hostname, now);
                return 0;
            }
        }
    }

    /** Redis has the binding once {@link #bind} returned; how durably is Redis' persistence setting. */
    @Override
    public void awaitDurable(long change) {
    }

    @Override
    public void touch(String hostname) {
        Instant now = clock.instant();
        Instant last = touched.get(hostname);
        if (last != null && last.plus(TOUCH_GRANULARITY).isAfter(now)) {
            return;
        }
        try {
            store.eval(TOUCH, List.of(store.prefix(), hostname, Long.toString(now.toEpochMilli())));
            remember(hostname, now);
        } catch (RegistryException e) {
            // The heartbeat itself succeeded; the next one records the use.
        }
    }

    private void remember(String hostname, Instant now) {
        if (touched.size() >= maxBindings) {
            touched.clear();
        }
        touched.put(hostname, now);
    }

    @Override
    public int expire() {
        String cutoff = Long.toString(clock.millis() - retention.toMillis());
        int released = 0;
        while (true) {
            Response r = store.eval(EXPIRE, List.of(store.prefix(), cutoff, Integer.toString(EXPIRE_BATCH)));
            int n = r.get(1).toInteger();
            released += n;
            if (n < EXPIRE_BATCH) {
                return released;
            }
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public int size() {
        return store.send(Request.cmd(Command.ZCARD).arg(store.prefix() + "ids")).toInteger();
    }

    @Override
    public String describe() {
        return "identity book in Redis (keys " + store.prefix() + "id:*)";
    }
}
