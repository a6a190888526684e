package io.peershare.tracker.registry;

import io.peershare.protocol.api.FileEntry;
import io.peershare.tracker.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The registry contract on the memory store, and what only the memory store promises. */
class InMemoryRegistryTest extends RegistryContract {

    @Override
    protected Registry newRegistry(MutableClock clock, int maxPeers) {
        return new InMemoryRegistry(clock, Duration.ofSeconds(5), TTL, EXPIRY, 100, maxPeers);
    }

    private InMemoryRegistry memory() {
        return (InMemoryRegistry) registry;
    }

    @Test
    void shouldNotCopyThePeersFilesOnAHeartbeat() {
        String token = register("peer1").token();
        List<FileEntry> many = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            many.add(file("f" + i, SHA_A));
        }
        registry.replaceFiles("peer1", token, many);
        java.util.Map<String, FileEntry> before = memory().entryForTest("peer1").files();

        registry.heartbeat("peer1", token);

        // The same map instance: a heartbeat is O(1), whatever the number of files the peer announced.
        assertThat(memory().entryForTest("peer1").files()).isSameAs(before);
    }

}
