package io.peershare.peer.control;

/** {@code GET /control/v1/status}: who this peer is, where it serves, and whether the tracker knows it. */
public record PeerStatus(String hostname, String advertisedAddress, int port, String trackerUrl, boolean registered,
                         String repository, int fileCount) {
}
