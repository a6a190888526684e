package io.peershare.protocol.wire;

import io.peershare.protocol.Sha256;
import io.peershare.protocol.SharedName;

import java.util.Objects;

/**
 * (Version 2) Asks which pieces the server gained after the first {@code serial} it holds. A server lists the
 * pieces it holds in the order they became held (its have-log); a client that has seen the first {@code serial}
 * entries (from a BITFIELD_RESULT: the number of bits set; from a HAVE_RESULT: {@code from + count}) asks
 * for the rest with this.
 */
public record HaveRequest(String name, Sha256 sha256, long serial) implements Message {

    public HaveRequest {
        SharedName.check(name);
        Objects.requireNonNull(sha256, "sha256");
        Fields.requireU32("serial", serial);
    }

    @Override
    public MessageType type() {
        return MessageType.HAVE;
    }
}
