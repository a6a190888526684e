package io.peershare.tracker.registry;

/** Whether the tracker can reach a peer at its advertised address; implemented by the probe. */
public interface Reachability {

    /** Returns normally when reachable (or when checking is off); otherwise throws UNREACHABLE. */
    void verify(String hostname, String address, int port);
}
