package io.peershare.protocol.wire;

import io.peershare.protocol.Sha256;
import io.peershare.protocol.SharedName;

import java.util.Objects;

/** (Version 2) Asks which pieces of the file shared as {@code name} with SHA-256 {@code sha256} the server holds. */
public record BitfieldRequest(String name, Sha256 sha256) implements Message {

    public BitfieldRequest {
        SharedName.check(name);
        Objects.requireNonNull(sha256, "sha256");
    }

    @Override
    public MessageType type() {
        return MessageType.BITFIELD;
    }
}
