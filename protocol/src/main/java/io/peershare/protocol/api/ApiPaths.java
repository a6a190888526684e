package io.peershare.protocol.api;

/** Paths of the tracker API, version 1 (docs/api.md). */
public final class ApiPaths {

    public static final String ROOT = "/api/v1";
    public static final String PEERS = ROOT + "/peers";
    public static final String FILES = ROOT + "/files";
    /** Header carrying the registration token: {@code Authorization: Bearer <token>}. */
    public static final String AUTHORIZATION = "Authorization";
    public static final String BEARER = "Bearer ";
    /**
     * Header of a heartbeat's 204: the interval (milliseconds) the tracker asks for now, which grows with its live
     * peers. A peer adopts it at once; an older tracker sends none (keep the registration's interval).
     */
    public static final String HEARTBEAT_INTERVAL = "Peershare-Heartbeat-Interval";

    private ApiPaths() {
    }
}
