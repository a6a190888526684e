package io.peershare.tracker.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.peershare.protocol.api.FileSources;
import io.peershare.protocol.api.Source;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written sources JSON is byte for byte what Jackson writes for the records. */
class SourcesJsonTest {

    private final ObjectMapper jackson = new ObjectMapper();
    private final ObjectMapper ours = new ObjectMapper().registerModule(SourcesJson.module());

    @Test
    void sameJsonAsJacksonsRecordSerializer() throws Exception {
        List<Source> many = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            many.add(new Source("peer-" + i, "10.0." + i + ".7", 7000 + i, i % 3 == 0));
        }
        List<FileSources> answer = List.of(
                new FileSources("holiday \"photo\" é.jpg", 5_000_000_000L, "ab".repeat(32), "cd".repeat(32), 60, 20, many),
                new FileSources("x", 0, "ef".repeat(32), null, 0, 0, List.of()),
                new FileSources("tab\there\u0001", 1, "01".repeat(32), null, 1, 0,
                        List.of(new Source("h", "::1", 1, false))));
        assertThat(ours.writeValueAsString(answer)).isEqualTo(jackson.writeValueAsString(answer));
        assertThat(ours.writeValueAsString(answer.get(0))).isEqualTo(jackson.writeValueAsString(answer.get(0)));
        assertThat(ours.writeValueAsString(many.get(3))).isEqualTo(jackson.writeValueAsString(many.get(3)));
    }
}
