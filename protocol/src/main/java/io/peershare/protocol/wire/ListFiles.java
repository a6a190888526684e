package io.peershare.protocol.wire;

/** Asks for the files a peer offers, starting at index {@code start} of its (name-ordered) list. */
public record ListFiles(long start) implements Message {

    public ListFiles {
        Fields.requireU32("start", start);
    }

    @Override
    public MessageType type() {
        return MessageType.LIST;
    }
}
