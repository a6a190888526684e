/**
 * Hostile test doubles shared by the protocol's, the tracker's and the peer's tests (published as this
 * module's test-jar): a peer that trickles, lies, corrupts, stalls mid-frame; clients that flood and trickle.
 */
package io.peershare.protocol.hostile;
