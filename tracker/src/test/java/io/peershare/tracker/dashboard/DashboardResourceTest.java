package io.peershare.tracker.dashboard;

import io.peershare.protocol.api.Flow;
import io.peershare.protocol.api.Transfer;
import io.peershare.protocol.api.TransferReport;
import io.peershare.tracker.Api;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
class DashboardResourceTest {

    private static final String SHA = "d".repeat(64);

    @TestHTTPResource("/dashboard/events")
    URI events;

    private static TransferReport reportOf(String name, String source) {
        return new TransferReport(List.of(new Transfer("fetch-1", name, SHA, 4096, 4, "DOWNLOADING", 2, 2048,
                Reports.bitfield(4, 2), List.of(new Flow(source, 2048, 777)))));
    }

    @Test
    void shouldAnswerTransfersWithTheHeartbeatsTokenProblems() {
        String host = Api.unique("reporter");
        Api.register(host);
        TransferReport report = reportOf("t.bin", "seed-x");

        given().contentType(ContentType.JSON).body(report).when().put("/api/v1/peers/" + host + "/transfers")
                .then().statusCode(401).body("type", equalTo("urn:peershare:problem:missing-token"));
        Api.asPeer("not-the-token").body(report).when().put("/api/v1/peers/" + host + "/transfers")
                .then().statusCode(403).body("type", equalTo("urn:peershare:problem:wrong-token"));
        Api.asPeer("any").body(report).when().put("/api/v1/peers/" + Api.unique("ghost") + "/transfers")
                .then().statusCode(404).body("type", equalTo("urn:peershare:problem:not-found"));
    }

    @Test
    void shouldRefuseAnInvalidReportWith400AndKeepNothing() {
        String host = Api.unique("reporter");
        String token = Api.register(host);
        Transfer flooded = new Transfer("f", "x.bin", null, -1, -1, "DOWNLOADING", 0, 0, null,
                Collections.nCopies(TransferReport.MAX_FLOWS + 1, new Flow("seed", 1, 1)));
        Transfer unknownState = new Transfer("f", "x.bin", null, -1, -1, "RESTING", 0, 0, null, List.of());
        Transfer badBits = new Transfer("f", "x.bin", null, 100, 4, "DOWNLOADING", 0, 0, "not base64!", List.of());

        for (Transfer bad : List.of(flooded, unknownState, badBits)) {
            Api.asPeer(token).body(new TransferReport(List.of(bad))).when().put("/api/v1/peers/" + host + "/transfers")
                    .then().statusCode(400).body("type", equalTo("urn:peershare:problem:invalid-input"));
        }
        Api.asPeer(token).body(Map.of("transfers", List.of(Map.of("id", "f", "name", "x.bin", "pieces", "many"))))
                .when().put("/api/v1/peers/" + host + "/transfers")
                .then().statusCode(400).body("type", equalTo("urn:peershare:problem:invalid-json"));
        assertThat(given().get("/dashboard/snapshot").asString()).doesNotContain(host);
    }

    @Test
    void shouldShowAReportedFetchInTheSnapshotUntilThePeerLeaves() {
        String seed = Api.peerHolding("seed", new io.peershare.protocol.api.FileEntry("shown.bin", 4096, SHA));
        String host = Api.unique("fetcher");
        String token = Api.register(host);

        Api.asPeer(token).body(reportOf("shown.bin", seed)).when().put("/api/v1/peers/" + host + "/transfers")
                .then().statusCode(204);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> given().get("/dashboard/snapshot").then()
                .statusCode(200)
                .body("swarms.find { it.key == '" + SHA + "' }.fetchers[0].hostname", equalTo(host))
                .body("swarms.find { it.key == '" + SHA + "' }.fetchers[0].cells", equalTo("9900"))
                .body("swarms.find { it.key == '" + SHA + "' }.seeds", org.hamcrest.Matchers.hasItem(seed))
                .body("swarms.find { it.key == '" + SHA + "' }.flows[0].bytesPerSecond", equalTo(777)));
        Api.asPeer(token).when().delete("/api/v1/peers/" + host).then().statusCode(204);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(given().get("/dashboard/snapshot").asString()).doesNotContain(host));
    }

    @Test
    void shouldServeThePageWithTheDomContractAndItsScripts() {
        given().when().get("/dashboard").then().statusCode(200)
                .contentType(startsWith("text/html"))
                .body(containsString("id=\"summary\""), containsString("data-peers>"), containsString("data-live-peers>"),
                        containsString("id=\"peers\""), containsString("id=\"files\""),
                        containsString("id=\"live\" data-connected=\"false\""), containsString("rel=\"icon\" href=\"data:,\""));
        for (String file : List.of("dashboard.js", "swarms.js", "dashboard.css")) {
            given().when().get("/dashboard/" + file).then().statusCode(200);
        }
        given().when().get("/dashboard/swarms.js").then().body(containsString("data-transfer"),
                containsString("data-pieces-held"), containsString("data-flow"), containsString("data-swarm"));
    }

    @Test
    void shouldGiveTheRoundTripMeasuredAtRegistration() {
        String host = Api.unique("timed");
        Api.register(host);

        given().queryParam("host", host).queryParam("host", Api.unique("never"))
                .when().get("/dashboard/round-trips")
                .then().statusCode(200).body("$", hasKey(host)).body("size()", equalTo(1));
        given().queryParam("host", "bad host").when().get("/dashboard/round-trips").then().statusCode(400);
    }

    @Test
    void shouldStreamASnapshotWithAReportedFetch() throws Exception {
        String host = Api.unique("streamed");
        String token = Api.register(host);
        Api.asPeer(token).body(reportOf("streamed.bin", "somewhere")).when().put("/api/v1/peers/" + host + "/transfers")
                .then().statusCode(204);

        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpResponse<java.util.stream.Stream<String>> response = client.send(HttpRequest.newBuilder(events)
                    .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofLines());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/event-stream"));
            try (var lines = response.body()) {
                // the first snapshots may predate the report's arrival in the cache: read a few seconds at most
                String event = lines.filter(line -> line.startsWith("data:") && line.contains(host)).findFirst().orElseThrow();
                assertThat(event).contains("\"state\":\"DOWNLOADING\"", "\"id\":\"fetch-1\"", "\"key\":\"" + SHA + "\"");
            }
        }
    }

    @Test
    void shouldAnswer503ToOneStreamMoreThanTheLimitAndFreeTheSlotsWhenWatchersLeave() throws Exception {
        int limit = 4; // %test.tracker.dashboard.max-streams
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            List<HttpResponse<java.util.stream.Stream<String>>> open = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < limit; i++) {
                    open.add(client.send(stream(), HttpResponse.BodyHandlers.ofLines()));
                    assertThat(open.getLast().statusCode()).isEqualTo(200);
                }
                HttpResponse<String> refused = client.send(stream(), HttpResponse.BodyHandlers.ofString());
                assertThat(refused.statusCode()).isEqualTo(503);
                assertThat(refused.body()).contains("urn:peershare:problem:dashboard-busy", "max-streams");
            } finally {
                open.forEach(response -> response.body().close());
            }
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            try (HttpClient client = HttpClient.newHttpClient()) {
                HttpResponse<java.util.stream.Stream<String>> again = client.send(stream(), HttpResponse.BodyHandlers.ofLines());
                again.body().close();
                assertThat(again.statusCode()).isEqualTo(200);
            }
        });
    }

    private HttpRequest stream() {
        return HttpRequest.newBuilder(events).header("Accept", "text/event-stream").timeout(Duration.ofSeconds(10)).build();
    }
}
