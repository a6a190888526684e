package io.peershare.protocol.wire;

import io.peershare.protocol.Sha256;
import io.peershare.protocol.SharedName;

import java.util.Objects;

/**
 * (Version 2) Asks for the piece hashes of the file shared as {@code name} with SHA-256 {@code sha256},
 * from piece {@code start} on. The answer is one {@link ManifestPage}; a client pages until it has them all.
 */
public record ManifestRequest(String name, Sha256 sha256, long start) implements Message {

    public ManifestRequest {
        SharedName.check(name);
        Objects.requireNonNull(sha256, "sha256");
        Fields.requireU32("start", start);
    }

    @Override
    public MessageType type() {
        return MessageType.MANIFEST;
    }
}
