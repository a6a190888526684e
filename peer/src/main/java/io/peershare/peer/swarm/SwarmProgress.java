package io.peershare.peer.swarm;

import java.util.List;
import java.util.Map;

/** What a swarm fetch reports while it runs (the control API shows it; the shell draws it). */
public interface SwarmProgress {

    /**
     * @param piecesHeld verified pieces on disk
     * @param bytesHeld  their bytes
     * @param sourcesInUse sources with a session now
     * @param bytesBySource verified bytes each source gave, by host name
     * @param banned one line per banned source: who and why
     */
    void swarm(int piecesHeld, long bytesHeld, int sourcesInUse, Map<String, Long> bytesBySource, List<String> banned);
}
