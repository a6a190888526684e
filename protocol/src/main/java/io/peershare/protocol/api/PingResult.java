package io.peershare.protocol.api;

/**
 * {@code POST /api/v1/peers/{hostname}/ping}: whether the tracker reached the peer over the wire
 * protocol, and the PING round-trip time in milliseconds when it did; {@code error} says why not.
 */
public record PingResult(String hostname, String address, int port, boolean alive, Double rttMillis, String error) {
}
