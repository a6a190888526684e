package io.peershare.tracker.registry.redis;

import io.peershare.protocol.api.FileEntry;
import io.peershare.protocol.api.PeerView;
import io.peershare.protocol.api.RegisterRequest;
import io.peershare.tracker.MutableClock;
import io.peershare.tracker.registry.RegistryException;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Several replicas on one Redis: what the Redis store adds to the registry contract. */
class RedisReplicaTest {

    static final String SHA = "a".repeat(64);
    static final Duration GUARD = Duration.ofSeconds(10);

    final MutableClock clock = new MutableClock();
    final String prefix = RedisFixture.freshPrefix();
    final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeAll
    static void redis() {
        assumeTrue(RedisFixture.url().isPresent(), RedisFixture.HOW_TO);
    }

    RedisStore store() {
        RedisStore store = RedisFixture.store(prefix);
        opened.add(store);
        return store;
    }

    RedisRegistry replica() {
        RedisRegistry replica = new RedisRegistry(store(), clock, Duration.ofSeconds(5), Duration.ofSeconds(15),
                Duration.ofMinutes(10), 100, 1000, 100_000, Duration.ofMillis(200));
        opened.add(0, replica);
        await().atMost(GUARD).until(replica::loaded);
        return replica;
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
    }

    static RegisterRequest request(String hostname, String token) {
        return new RegisterRequest(hostname, "10.0.0.1", 7070, token);
    }

    @Test
    void shouldShowEachReplicasWritesOnTheOther() {
        RedisRegistry a = replica();
        RedisRegistry b = replica();

        String token = a.register(request("peer1", null)).token();
        a.replaceFiles("peer1", token, List.of(new FileEntry("x.iso", 1, SHA)));
        await().atMost(GUARD).until(() -> b.files("peer1").map(List::size).orElse(0) == 1);

        b.addFiles("peer1", token, List.of(new FileEntry("y.iso", 2, SHA))); // the token works on every replica
        await().atMost(GUARD).until(() -> a.files("peer1").map(List::size).orElse(0) == 2);
        assertThat(a.sources("y.iso", null)).hasSize(1);

        b.unregister("peer1", token);
        await().atMost(GUARD).until(() -> a.peer("peer1").isEmpty());
    }

    @Test
    void shouldLoadTheExistingRegistryWhenAReplicaStartsLater() {
        RedisRegistry a = replica();
        for (int i = 0; i < 50; i++) {
            String token = a.register(request("p" + i, null)).token();
            a.replaceFiles("p" + i, token, List.of(new FileEntry("f" + i, i, SHA)));
        }

        RedisRegistry late = replica();

        assertThat(late.peers()).hasSize(50);
        assertThat(late.files("p7").orElseThrow()).extracting(FileEntry::name).containsExactly("f7");
        assertThat(late.findFiles("f4*")).hasSize(11);
    }

    @Test
    void shouldKeepTheTokenAcrossAReplicaRestart() throws Exception {
        RedisRegistry first = replica();
        String token = first.register(request("peer1", null)).token();
        first.close();

        RedisRegistry second = replica();
        assertThat(second.heartbeat("peer1", token).token()).isEqualTo(token);
        assertThat(second.peer("peer1")).map(PeerView::live).contains(true);
    }

    @Test
    void shouldKeepNameOwnershipAndTheReplayRuleAcrossReplicas() {
        RedisIdentityBook one = new RedisIdentityBook(store(), clock, Duration.ofDays(30), 1000);
        RedisIdentityBook two = new RedisIdentityBook(store(), clock, Duration.ofDays(30), 1000);

        one.bind("peer1", "key-A", 100);

        assertThat(kind(() -> two.bind("peer1", "key-B", 200))).isEqualTo(RegistryException.Kind.NAME_TAKEN);
        assertThat(kind(() -> two.check("peer1", "key-B", 200))).isEqualTo(RegistryException.Kind.NAME_TAKEN);
        assertThat(kind(() -> two.bind("peer1", "key-A", 100))).isEqualTo(RegistryException.Kind.BAD_SIGNATURE);
        two.bind("peer1", "key-A", 101);
        assertThat(one.size()).isEqualTo(1);

        clock.advance(Duration.ofDays(31));
        assertThat(one.expire()).isEqualTo(1);
        two.bind("peer1", "key-B", 300); // released: another key may take it
    }

    @Test
    void shouldGiveExactlyOneTokenWhenTwoReplicasRegisterOneNameAtOnceAndAcceptOnlyThatOne() throws Exception {
        RedisRegistry a = replica();
        RedisRegistry b = replica();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> tokens = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                RedisRegistry replica = i % 2 == 0 ? a : b;
                tokens.add(pool.submit(() -> replica.register(request("contested", null)).token()));
            }
            List<String> issued = new ArrayList<>();
            for (Future<String> token : tokens) {
                issued.add(token.get());
            }
            // The registrations were serialized: only the last one's token is valid, on both replicas.
            long valid = issued.stream().filter(t -> accepted(a, t) && accepted(b, t)).count();
            assertThat(valid).isEqualTo(1);
            await().atMost(GUARD).until(() -> a.peers().size() == 1 && b.peers().size() == 1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldNoticeThatRedisLostItsDataAndAcceptTheReRegistration() {
        RedisRegistry a = replica();
        RedisRegistry b = replica();
        String token = a.register(request("peer1", null)).token();
        await().atMost(GUARD).until(() -> b.peer("peer1").isPresent());

        wipe(); // what a Redis restarted without persistence looks like to the tracker

        assertThat(kind(() -> a.heartbeat("peer1", token))).isEqualTo(RegistryException.Kind.NOT_FOUND);
        await().atMost(GUARD).until(() -> b.peer("peer1").isEmpty()); // no stale view served forever
        String again = a.register(request("peer1", null)).token(); // the peer's answer to the 404
        a.replaceFiles("peer1", again, List.of(new FileEntry("x.iso", 1, SHA)));
        await().atMost(GUARD).until(() -> b.files("peer1").map(List::size).orElse(0) == 1);
        b.heartbeat("peer1", again);
    }

    /** Deletes every key of this test's prefix (FLUSHALL would disturb other prefixes) and every loaded script. */
    private void wipe() {
        RedisStore store = store();
        var keys = store.send(Request.cmd(Command.KEYS).arg(prefix + "*"));
        for (var key : keys) {
            store.send(Request.cmd(Command.DEL).arg(key.toString()));
        }
        store.send(Request.cmd(Command.SCRIPT).arg("FLUSH")); // a restarted Redis forgets the loaded scripts too
    }

    private static boolean accepted(RedisRegistry replica, String token) {
        try {
            replica.heartbeat("contested", token);
            return true;
        } catch (RegistryException e) {
            return false;
        }
    }

    private static RegistryException.Kind kind(Runnable call) {
        try {
            call.run();
        } catch (RegistryException e) {
            return e.kind();
        }
        throw new AssertionError("expected a RegistryException");
    }
}
