package io.peershare.protocol.api;

/** A live peer that holds a file, and where to reach its file server. */
public record Source(String hostname, String address, int port) {
}
