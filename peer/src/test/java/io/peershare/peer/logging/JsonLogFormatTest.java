package io.peershare.peer.logging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** PEERSHARE_LOG_FORMAT=json (peershare.log.format): every console line is one JSON object a collector can parse. */
@QuarkusTest
@TestProfile(JsonLogFormatTest.Json.class)
class JsonLogFormatTest {

    public static class Json implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("peershare.log.format", "json");
        }
    }

    @Test
    void shouldWriteOneJsonObjectPerLineWhenTheFormatIsJson() throws Exception {
        String line = ConsoleLog.line("sent \"cat.png\" to peer2\nin 3 pieces");

        assertThat(line.strip()).doesNotContain("\n");
        JsonNode event = new ObjectMapper().readTree(line);
        assertThat(event.get("level").asText()).isEqualTo("INFO");
        assertThat(event.get("loggerName").asText()).isEqualTo("io.peershare.peer.server.FileServer");
        assertThat(event.get("message").asText()).isEqualTo("sent \"cat.png\" to peer2\nin 3 pieces");
        assertThat(event.get("timestamp").asText()).isNotBlank();
    }
}
