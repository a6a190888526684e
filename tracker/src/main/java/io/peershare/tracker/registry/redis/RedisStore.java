package io.peershare.tracker.registry.redis;

import io.peershare.tracker.registry.RegistryException;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.impl.types.ErrorType;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The registry's blocking door to Redis: every call has a deadline, a Redis that does not answer in time (or
 * not at all) is a STORE_UNREACHABLE {@link RegistryException} (503 with Retry-After), an error Redis answers
 * is a bug of ours and an {@link IllegalStateException}. Scripts run by their SHA-1 and are sent again when
 * Redis does not know them (it forgets them on a restart). Never call it on a Vert.x event-loop thread.
 */
public final class RedisStore implements AutoCloseable {

    private final Redis client;
    private final Duration timeout;
    private final String prefix;

    public RedisStore(Redis client, String prefix, Duration timeout) {
        this.client = client;
        this.prefix = prefix;
        this.timeout = timeout;
    }

    /** The key prefix ({@code tracker.redis.key-prefix}). */
    String prefix() {
        return prefix;
    }

    Response send(Request request) {
        return await(client.send(request), timeout);
    }

    /** A call that may wait in Redis itself ({@code XREAD BLOCK}) for up to {@code blocking}. */
    Response send(Request request, Duration blocking) {
        return await(client.send(request), blocking.plus(timeout));
    }

    /** Several commands in one round trip (not atomic). */
    List<Response> batch(List<Request> requests) {
        return await(client.batch(requests), timeout);
    }

    /** Runs a Lua script (no KEYS: the script builds its keys from the prefix in ARGV[1]). */
    Response eval(Script script, List<String> args) {
        try {
            return send(withArgs(Request.cmd(Command.EVALSHA).arg(script.sha1()).arg(0), args));
        } catch (IllegalStateException e) {
            if (!e.getMessage().contains("NOSCRIPT")) {
                throw e;
            }
            return send(withArgs(Request.cmd(Command.EVAL).arg(script.text()).arg(0), args));
        }
    }

    private static Request withArgs(Request request, List<String> args) {
        args.forEach(request::arg);
        return request;
    }

    private static <T> T await(Future<T> future, Duration deadline) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ErrorType refused && isOurBug(refused)) {
                throw new IllegalStateException("Redis refused a registry command: " + refused.getMessage(), refused);
            }
            throw unreachable(e.getCause()); // also LOADING, READONLY, BUSY, OOM, CONNECTION_CLOSED: Redis' state, not ours
        } catch (TimeoutException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable(e);
        }
    }

    /** An error about the command itself (a script bug, a key of the wrong type), not about Redis' availability. */
    private static boolean isOurBug(ErrorType error) {
        String message = String.valueOf(error.getMessage());
        return message.startsWith("ERR") || message.startsWith("WRONGTYPE") || message.startsWith("NOSCRIPT");
    }

    static RegistryException unreachable(Throwable cause) {
        RegistryException e = new RegistryException(RegistryException.Kind.STORE_UNREACHABLE, "the registry store "
                + "(Redis) is unreachable; retry in a few seconds (the tracker's operator: check quarkus.redis.hosts and Redis)");
        e.addSuppressed(cause); // suppression is disabled on RegistryException; kept for a debugger only
        return e;
    }

    @Override
    public void close() {
        client.close();
    }

    /** A Lua script and its SHA-1, computed once. */
    record Script(String text, String sha1) {

        static Script of(String text) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
                return new Script(text, HexFormat.of().formatHex(digest));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("no SHA-1 in this JVM", e);
            }
        }
    }
}
