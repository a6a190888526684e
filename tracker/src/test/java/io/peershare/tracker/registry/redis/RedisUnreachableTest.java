package io.peershare.tracker.registry.redis;

import io.peershare.protocol.api.RegisterRequest;
import io.peershare.tracker.MutableClock;
import io.peershare.tracker.registry.RegistryException;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** No Redis at the configured address: writes fail fast with STORE_UNREACHABLE (503), reads answer from the view. */
class RedisUnreachableTest {

    @Test
    void shouldRefuseWritesWithStoreUnreachableAndKeepAnsweringReads() throws IOException {
        Vertx vertx = Vertx.vertx();
        RedisStore store = RedisStores.connect(vertx, "redis://127.0.0.1:" + closedPort(), "t:", Duration.ofMillis(500));
        RedisRegistry registry = new RedisRegistry(store, new MutableClock(), Duration.ofSeconds(5), Duration.ofSeconds(15),
                Duration.ofMinutes(10), 100, 100, 1000, Duration.ofMillis(200));
        try {
            assertThatThrownBy(() -> registry.register(new RegisterRequest("peer1", "10.0.0.1", 7070, null)))
                    .isInstanceOfSatisfying(RegistryException.class,
                            e -> assertThat(e.kind()).isEqualTo(RegistryException.Kind.STORE_UNREACHABLE))
                    .hasMessageContaining("unreachable");
            assertThat(registry.peers()).isEmpty();
            assertThat(registry.loaded()).isFalse();
        } finally {
            registry.close();
            store.close();
            vertx.close();
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
