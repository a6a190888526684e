package io.peershare.tracker.api;

import io.peershare.protocol.hostile.HostilePeer;
import io.peershare.tracker.Api;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/**
 * The probe bounds through the REST API (tests run with 4 probe slots and a 2 s deadline): a peer that turns
 * hostile after registering cannot hold tracker threads, a fifth probe is a 503 problem with Retry-After, and a
 * huge LIST makes a truncated discover answer.
 */
@QuarkusTest
class ProbeLimitsResourceTest {

    @Test
    void shouldAnswer503WithRetryAfterWhenEveryProbeSlotIsHeldByAStallingPeer() throws Exception {
        try (HostilePeer peer = HostilePeer.stallMidFrame(3).honestFirst(1).start();
             ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            String hostname = Api.unique("staller");
            Api.register(hostname, peer.port());
            List<Future<String>> held = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                held.add(threads.submit(() -> given().when().post("/api/v1/peers/" + hostname + "/ping")
                        .then().statusCode(200).extract().path("error")));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> peer.connections() == 5);

            given().when().post("/api/v1/peers/" + hostname + "/ping").then().statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", equalTo("2"))
                    .body("detail", containsString("retry"));
            for (Future<String> future : held) {
                assertThat(future.get()).isNotBlank(); // "read timed out" (1 s in tests) or the deadline
            }
        }
    }

    @Test
    void shouldSayADiscoverAnswerIsTruncatedWhenThePeerListsMoreThanTheBound() throws Exception {
        try (HostilePeer peer = HostilePeer.hugeList(10_500).start()) {
            String hostname = Api.unique("hoarder");
            Api.register(hostname, peer.port());

            given().when().get("/api/v1/peers/" + hostname + "/discover").then().statusCode(200)
                    .body("origin", equalTo("live"))
                    .body("truncated", equalTo(true))
                    .body("totalFiles", equalTo(10_500))
                    .body("files.size()", equalTo(10_000))
                    .body("files[0].name", notNullValue());
        }
    }
}
