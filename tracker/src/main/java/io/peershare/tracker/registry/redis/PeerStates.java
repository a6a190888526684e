package io.peershare.tracker.registry.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peershare.protocol.api.FileEntry;
import io.peershare.tracker.registry.ViewUpdates.PeerState;

import java.time.Instant;
import java.util.List;

/** A peer's state as Redis holds it (strings: k a p r l, and the files as one JSON array) ↔ {@link PeerState}. */
final class PeerStates {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<FileEntry>> FILES = new TypeReference<>() {
    };

    private PeerStates() {
    }

    static PeerState of(String hostname, String digest, String address, String port, String registeredAt,
                        String lastSeen, String filesJson) {
        return new PeerState(hostname, address, Integer.parseInt(port), digest, millis(registeredAt), millis(lastSeen),
                files(filesJson));
    }

    static Instant millis(String value) {
        return Instant.ofEpochMilli(Long.parseLong(value));
    }

    static String json(FileEntry file) {
        try {
            return JSON.writeValueAsString(file);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + file, e);
        }
    }

    static List<FileEntry> files(String json) {
        try {
            return JSON.readValue(json, FILES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the registry store holds a file list that is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
