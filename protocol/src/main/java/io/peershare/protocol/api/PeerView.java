package io.peershare.protocol.api;

import java.time.Instant;

/** A registered peer. {@code live} is false once it missed heartbeats for longer than the TTL. */
public record PeerView(String hostname, String address, int port, boolean live, Instant registeredAt,
                       Instant lastSeen, int fileCount) {
}
