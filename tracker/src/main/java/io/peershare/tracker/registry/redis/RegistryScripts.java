package io.peershare.tracker.registry.redis;

import io.peershare.tracker.registry.redis.RedisStore.Script;

/**
 * The registry's writes as Lua scripts: each checks (epoch, token, limits), changes the peer's keys and appends
 * its change event to the stream in one atomic step, so no replica sees a change without its event or the
 * other way round. Keys, under the prefix P (docs/architecture.md, "Stores and replicas"):
 * <pre>
 * P epoch          this Redis' data set: a random id; gone or changed = Redis lost its data, replicas reload
 * P version        counter; every put and removal takes the next value (the order of the stream)
 * P seen           sorted set hostname → lastSeen (ms): counting, loading and sweeping peers
 * P peer:{h}       hash k (SHA-256 of the token) a p r (registeredAt ms) l (lastSeen ms) v (version); TTL = peer-expiry
 * P files:{h}      hash name → the FileEntry as JSON; TTL = peer-expiry
 * P live:{h}       "1" with TTL = peer-ttl: the peer's liveness as Redis sees it (for operators)
 * P events         stream of t=put (whole state) | seen (h, l) | gone (h, v); MAXLEN ~ stream-max-length
 * </pre>
 * Common arguments: ARGV[1] prefix, ARGV[2] the epoch the replica knows, ARGV[3] the stream's length bound.
 */
final class RegistryScripts {

    private RegistryScripts() {
    }

    private static final String PRELUDE = """
            local P = ARGV[1]
            if redis.call('GET', P .. 'epoch') ~= ARGV[2] then return {'EPOCH'} end
            local MAXLEN = ARGV[3]
            local function pk(h) return P .. 'peer:' .. h end
            local function fk(h) return P .. 'files:' .. h end
            local function touch(h, now, expiry, ttl)
              redis.call('PEXPIRE', pk(h), expiry)
              redis.call('PEXPIRE', fk(h), expiry)
              redis.call('SET', P .. 'live:' .. h, '1', 'PX', ttl)
              redis.call('ZADD', P .. 'seen', now, h)
            end
            local function put(h)
              local v = redis.call('INCR', P .. 'version')
              redis.call('HSET', pk(h), 'v', v)
              local s = redis.call('HMGET', pk(h), 'k', 'a', 'p', 'r', 'l')
              local f = '[' .. table.concat(redis.call('HVALS', fk(h)), ',') .. ']'
              redis.call('XADD', P .. 'events', 'MAXLEN', '~', MAXLEN, '*', 't', 'put', 'h', h, 'v', v,
                'k', s[1], 'a', s[2], 'p', s[3], 'r', s[4], 'l', s[5], 'f', f)
              return {'OK', tostring(v), s[1], s[2], s[3], s[4], s[5], f}
            end
            local function remove(h)
              redis.call('DEL', pk(h), fk(h), P .. 'live:' .. h)
              redis.call('ZREM', P .. 'seen', h)
              local v = redis.call('INCR', P .. 'version')
              redis.call('XADD', P .. 'events', 'MAXLEN', '~', MAXLEN, '*', 't', 'gone', 'h', h, 'v', v)
              return tostring(v)
            end
            local function refused(h, digest)
              local k = redis.call('HGET', pk(h), 'k')
              if not k then return 'NOT_FOUND' end
              if k ~= digest then return 'WRONG_TOKEN' end
              return nil
            end
            local function seen(h, now)
              local last = redis.call('HGET', pk(h), 'l')
              if tonumber(now) > tonumber(last) then redis.call('HSET', pk(h), 'l', now) return now end
              return last
            end
            """;

    /** 4 hostname, 5 address, 6 port, 7 digest of the given token ('' = none), 8 digest of a new token, 9 now, 10 max peers, 11 expiry ms, 12 ttl ms. */
    static final Script REGISTER = Script.of(PRELUDE + """
            local h, now = ARGV[4], ARGV[9]
            local k = redis.call('HGET', pk(h), 'k')
            if not k and redis.call('ZCARD', P .. 'seen') >= tonumber(ARGV[10]) then return {'FULL'} end
            local kept = k and ARGV[7] ~= '' and k == ARGV[7]
            if kept then
              redis.call('HSET', pk(h), 'a', ARGV[5], 'p', ARGV[6])
              now = seen(h, now)
            else
              redis.call('DEL', fk(h))
              redis.call('HSET', pk(h), 'k', ARGV[8], 'a', ARGV[5], 'p', ARGV[6], 'r', now, 'l', now)
            end
            touch(h, now, ARGV[11], ARGV[12])
            local r = put(h)
            r[1] = kept and 'KEPT' or 'NEW'
            return r
            """);

    /** 4 hostname, 5 token digest, 6 now, 7 expiry ms, 8 ttl ms. Cheap: the file list is not read or written. */
    static final Script HEARTBEAT = Script.of(PRELUDE + """
            local h = ARGV[4]
            local no = refused(h, ARGV[5])
            if no then return {no} end
            local now = seen(h, ARGV[6])
            touch(h, now, ARGV[7], ARGV[8])
            redis.call('XADD', P .. 'events', 'MAXLEN', '~', MAXLEN, '*', 't', 'seen', 'h', h, 'l', now)
            return {'OK'}
            """);

    /** 4 hostname, 5 token digest. */
    static final Script UNREGISTER = Script.of(PRELUDE + """
            local no = refused(ARGV[4], ARGV[5])
            if no then return {no} end
            return {'OK', remove(ARGV[4])}
            """);

    /**
     * 4 hostname, 5 token digest, 6 now, 7 expiry ms, 8 ttl ms, 9 replace | add | withdraw, 10 max files per peer,
     * 11… name, JSON pairs (withdraw: one name).
     */
    static final Script FILES = Script.of(PRELUDE + """
            local h, mode = ARGV[4], ARGV[9]
            local no = refused(h, ARGV[5])
            if no then return {no} end
            if mode == 'withdraw' then
              redis.call('HDEL', fk(h), ARGV[11])
            else
              if mode == 'replace' then
                redis.call('DEL', fk(h))
              else
                local added = 0
                for i = 11, #ARGV, 2 do
                  if redis.call('HEXISTS', fk(h), ARGV[i]) == 0 then added = added + 1 end
                end
                local total = redis.call('HLEN', fk(h)) + added
                if total > tonumber(ARGV[10]) then return {'TOO_MANY', tostring(total)} end
              end
              for i = 11, #ARGV, 2 do redis.call('HSET', fk(h), ARGV[i], ARGV[i + 1]) end
            end
            touch(h, seen(h, ARGV[6]), ARGV[7], ARGV[8])
            return put(h)
            """);

    /** 4 cutoff (ms: lastSeen before it = expired), 5 most peers per call. Returns OK, then hostname, version pairs. */
    static final Script SWEEP = Script.of(PRELUDE + """
            local out = {'OK'}
            local expired = redis.call('ZRANGEBYSCORE', P .. 'seen', '-inf', '(' .. ARGV[4], 'LIMIT', 0, tonumber(ARGV[5]))
            for _, h in ipairs(expired) do
              table.insert(out, h)
              table.insert(out, remove(h))
            end
            return out
            """);
}
