package io.peershare.peer.tracker;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Telling "the tracker has no such endpoint" (an older tracker) from "the tracker does not know this peer". */
class TrackerExceptionTest {

    private static TrackerException answered(int status, String problemType) {
        return new TrackerException(status, problemType, "tracker answered " + status, null);
    }

    @Test
    void shouldTakeAnUnknownPathOrAWrongMethodForAMissingEndpoint() {
        assertThat(answered(404, "urn:peershare:problem:http-404").noSuchEndpoint()).isTrue();
        assertThat(answered(405, "urn:peershare:problem:http-405").noSuchEndpoint()).isTrue();
        assertThat(answered(404, "").noSuchEndpoint()).as("a 404 without a problem is not our tracker's API").isTrue();
    }

    @Test
    void shouldNotTakeAnUnknownPeerOrAnyOtherFailureForAMissingEndpoint() {
        assertThat(answered(404, "urn:peershare:problem:not-found").noSuchEndpoint()).isFalse();
        assertThat(answered(403, "urn:peershare:problem:wrong-token").noSuchEndpoint()).isFalse();
        assertThat(answered(503, "urn:peershare:problem:full").noSuchEndpoint()).isFalse();
        assertThat(new TrackerException(TrackerException.UNREACHABLE, "refused", null).noSuchEndpoint()).isFalse();
    }
}
