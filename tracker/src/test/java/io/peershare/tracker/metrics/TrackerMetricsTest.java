package io.peershare.tracker.metrics;

import io.peershare.protocol.api.FileEntry;
import io.peershare.protocol.api.RegisterRequest;
import io.peershare.protocol.api.TestPeerKey;
import io.peershare.protocol.metrics.DocumentedMetrics;
import io.peershare.tracker.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static io.peershare.protocol.metrics.DocumentedMetrics.value;
import static io.peershare.tracker.Api.sha;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * /q/metrics on the tracker's HTTP port: every metric docs/metrics.md names, with the values a registration, an
 * announce, a refused registration and sources requests leave. A tracker of its own (a profile), so the registry
 * holds exactly what this test put there.
 */
@QuarkusTest
@TestProfile(TrackerMetricsTest.Fresh.class)
class TrackerMetricsTest {

    /** No override: the profile only gives this test a fresh tracker. */
    public static class Fresh implements QuarkusTestProfile {
    }

    private static String scrape() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    @Test
    void shouldServeEveryDocumentedTrackerMetricWithItsType() throws IOException {
        List<DocumentedMetrics.Row> rows = DocumentedMetrics.rows("peershare_tracker_");
        assertThat(rows).as("tracker metric rows in docs/metrics.md").hasSizeGreaterThanOrEqualTo(7);

        String text = scrape();

        assertThat(rows).allSatisfy(row -> assertThat(DocumentedMetrics.problem(text, row)).isNull());
    }

    @Test
    void shouldCountTheRegistryRegistrationsProbesAndTemplatedRequests() {
        String peer = Api.unique("metered");
        String token = Api.register(peer);
        Api.announce(peer, token, new FileEntry("first.txt", 1, sha('1')), new FileEntry("second.txt", 2, sha('2')));
        RegisterRequest forged = Api.signed(TestPeerKey.generate(), Api.unique("forger"), Api.server().port(), null);
        given().contentType(ContentType.JSON).body(new RegisterRequest(forged.hostname(), forged.address(),
                        forged.port() + 1, null, forged.publicKey(), forged.timestamp(), forged.signature()))
                .post("/api/v1/peers").then().statusCode(401);
        given().get("/api/v1/files/first.txt/sources").then().statusCode(200);
        given().get("/api/v1/files/second.txt/sources").then().statusCode(200);
        given().get("/api/v1/files/nobody-has-this.txt/sources").then().statusCode(404);

        String text = scrape();

        assertThat(value(text, "peershare_tracker_peers")).isEqualTo(1);
        assertThat(value(text, "peershare_tracker_peers_live")).isEqualTo(1);
        assertThat(value(text, "peershare_tracker_file_names")).isEqualTo(2);
        assertThat(value(text, "peershare_tracker_announcements")).isEqualTo(2);
        assertThat(value(text, "peershare_tracker_registrations_total", "outcome=\"registered\"")).isEqualTo(1);
        assertThat(value(text, "peershare_tracker_registrations_total", "outcome=\"bad-signature\"")).isEqualTo(1);
        // The registration's reachability check: one PING to the test wire server, answered.
        assertThat(value(text, "peershare_tracker_probes_total", "kind=\"ping\"", "result=\"ok\"")).isEqualTo(1);
        String sources = "uri=\"/api/v1/files/{name}/sources\"";
        assertThat(value(text, "http_server_requests_seconds_count", sources, "status=\"200\"")).isEqualTo(2);
        assertThat(value(text, "http_server_requests_seconds_count", sources, "status=\"404\"")).isEqualTo(1);
        assertThat(text).doesNotContain("first.txt").doesNotContain("nobody-has-this.txt").doesNotContain(peer);
    }

    @Test
    void shouldCountAFailedProbeByItsResult() throws IOException {
        int closed;
        try (var socket = new java.net.ServerSocket(0)) {
            closed = socket.getLocalPort(); // nothing listens there once closed: the PING is refused
        }
        String peer = Api.unique("gone");
        given().contentType(ContentType.JSON).body(Api.signed(TestPeerKey.generate(), peer, closed, null))
                .post("/api/v1/peers").then().statusCode(422);

        String text = scrape();

        assertThat(value(text, "peershare_tracker_probes_total", "kind=\"ping\"", "result=\"refused\"")).isEqualTo(1);
        assertThat(value(text, "peershare_tracker_registrations_total", "outcome=\"unreachable\"")).isEqualTo(1);
    }
}
