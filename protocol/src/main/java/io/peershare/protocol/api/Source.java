package io.peershare.protocol.api;

/**
 * A live peer that holds a file, where to reach its file server, and whether it holds only some of the
 * pieces ({@code partial}: it is fetching the file itself; ask it for its bitfield).
 */
public record Source(String hostname, String address, int port, boolean partial) {

    /** A source holding the whole file. */
    public Source(String hostname, String address, int port) {
        this(hostname, address, port, false);
    }
}
