package io.peershare.peer;

import io.peershare.peer.testing.ControlAuth;
import io.peershare.peer.testing.FakeTrackerResource;
import io.peershare.protocol.metrics.DocumentedMetrics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URL;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The metrics server (Quarkus' management interface) serves every peer metric docs/metrics.md names, to anyone who
 * can reach it; it serves nothing of the control API, and the control API does not serve the metrics.
 */
@QuarkusTest
@WithTestResource(FakeTrackerResource.class)
class MetricsEndpointTest {

    @TestHTTPResource(value = "/", management = true)
    URL metricsServer;

    private RequestSpecification metrics() {
        return RestAssured.given().baseUri("http://127.0.0.1").port(metricsServer.getPort());
    }

    @Test
    void shouldServeEveryDocumentedPeerMetricOnTheMetricsPort() throws IOException {
        String text = metrics().header("Host", "peer7:" + metricsServer.getPort()).get("/q/metrics")
                .then().statusCode(200).extract().asString();

        List<DocumentedMetrics.Row> rows = DocumentedMetrics.rows("peershare_peer_");
        assertThat(rows).as("peer metric rows in docs/metrics.md").hasSizeGreaterThanOrEqualTo(9);
        assertThat(rows).allSatisfy(row -> assertThat(DocumentedMetrics.problem(text, row)).isNull());
        assertThat(DocumentedMetrics.value(text, "peershare_peer_fetch_duration_seconds_count", "outcome=\"done\""))
                .isNotNegative();
        assertThat(DocumentedMetrics.value(text, "peershare_peer_info", "hostname=\"test-peer\"")).isEqualTo(1);
        assertThat(metricsServer.getPort()).isNotEqualTo(RestAssured.port);
    }

    @Test
    void shouldServeNothingOfTheControlApiOnTheMetricsPort() {
        for (String path : List.of("/control/v1/status", "/control/v1/files", "/q/openapi", "/q/health/ready",
                "/q/swagger-ui", "/q/dev-ui", "/q/")) {
            int status = metrics().header("Authorization", ControlAuth.header()).get(path).then().extract().statusCode();
            assertThat(status).as(path).isEqualTo(404);
        }
        metrics().header("Authorization", ControlAuth.header()).contentType("application/json")
                .body("{\"name\":\"x.bin\"}").post("/control/v1/fetches").then().statusCode(404);
    }

    @Test
    void shouldNotServeTheMetricsOnTheControlApi() {
        ControlAuth.given().get("/q/metrics").then().statusCode(404);
        RestAssured.given().get("/q/metrics").then().statusCode(401);
    }
}
