package io.peershare.tracker.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.peershare.protocol.api.FileEntry;
import io.peershare.protocol.api.FileSources;
import io.peershare.protocol.api.RegisterRequest;
import io.peershare.protocol.api.Source;
import io.peershare.tracker.registry.DrawnSources;
import io.peershare.tracker.registry.InMemoryRegistry;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written sources JSON is byte for byte what Jackson writes for the records. */
class SourcesJsonTest {

    private final ObjectMapper jackson = new ObjectMapper();

    @Test
    void sameJsonAsJacksonsRecordSerializer() throws Exception {
        List<Source> many = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            many.add(new Source("peer-" + i, "10.0." + i + ".7", 7000 + i, i % 3 == 0));
        }
        List<FileSources> answer = List.of(
                new FileSources("holiday \"photo\" é.jpg", 5_000_000_000L, "ab".repeat(32), "cd".repeat(32), 60, 20, many),
                new FileSources("x", 0, "ef".repeat(32), null, 0, 0, List.of()),
                new FileSources("tab\there\u0001 \\ / \u2028 😀", 1, "01".repeat(32), null, 1, 0,
                        List.of(new Source("h\"q\\", "::1", 1, false))),
                new FileSources(null, -1, null, null, 0, 0, java.util.Arrays.asList(null, new Source("h", "a", 0, true))));
        assertSame(answer);
        assertSame(List.of(answer.get(0)));
        assertSame(List.of());
    }

    @Test
    void sameJsonForASampleDrawnFromTheRegistry() throws Exception {
        Instant now = Instant.parse("2026-01-01T12:00:00Z");
        InMemoryRegistry registry = new InMemoryRegistry(Clock.fixed(now, ZoneOffset.UTC), Duration.ofSeconds(5),
                Duration.ofSeconds(15), Duration.ofMinutes(10), 10);
        for (int p = 0; p < 40; p++) {
            String hostname = "peer-" + p;
            String token = registry.register(new RegisterRequest(hostname, "fd00::" + p, 7000 + p, null)).token();
            registry.replaceFiles(hostname, token, List.of(new FileEntry("été \"live\".iso", 1_000 + p % 2,
                    "%064x".formatted(p % 2), null, p % 3 == 0)));
        }
        List<FileSources> answer = registry.sources("été \"live\".iso", null, 7);
        assertThat(answer).hasSize(2).allSatisfy(entry -> assertThat(entry.sources()).isInstanceOf(DrawnSources.class)
                .hasSize(7));
        assertSame(answer);
    }

    @Test
    void aMovedPeerIsAnsweredAtItsNewAddressAndWithItsNewKind() throws Exception {
        Instant now = Instant.parse("2026-01-01T12:00:00Z");
        InMemoryRegistry registry = new InMemoryRegistry(Clock.fixed(now, ZoneOffset.UTC), Duration.ofSeconds(5),
                Duration.ofSeconds(15), Duration.ofMinutes(10), 10);
        String token = registry.register(new RegisterRequest("mover", "10.0.0.1", 7000, null)).token();
        registry.replaceFiles("mover", token, List.of(new FileEntry("a.iso", 1, "%064x".formatted(1), null, false)));
        String before = new String(SourcesJson.write(registry.sources("a.iso", null, 50)), StandardCharsets.UTF_8);
        assertThat(before).contains("\"address\":\"10.0.0.1\",\"port\":7000,\"partial\":false}");

        registry.register(new RegisterRequest("mover", "10.0.0.2", 7001, token)); // same token: a move, files kept
        registry.replaceFiles("mover", token, List.of(new FileEntry("a.iso", 1, "%064x".formatted(1), null, true)));
        List<FileSources> after = registry.sources("a.iso", null, 50);
        assertThat(new String(SourcesJson.write(after), StandardCharsets.UTF_8))
                .contains("{\"hostname\":\"mover\",\"address\":\"10.0.0.2\",\"port\":7001,\"partial\":true}")
                .doesNotContain("10.0.0.1");
        assertSame(after);
    }

    private void assertSame(List<FileSources> answer) throws Exception {
        assertThat(new String(SourcesJson.write(answer), StandardCharsets.UTF_8))
                .isEqualTo(jackson.writeValueAsString(answer));
    }
}
