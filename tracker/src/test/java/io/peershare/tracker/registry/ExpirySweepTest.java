package io.peershare.tracker.registry;

import io.peershare.tracker.Api;
import io.peershare.tracker.MutableClock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/** The scheduled sweep of the running tracker drops a peer once the (test) clock passes the expiry. */
@QuarkusTest
class ExpirySweepTest {

    @Inject
    MutableClock clock;

    @Test
    void shouldDropAPeerSilentPastTheExpiryWithoutAnyRequest() {
        String peer = Api.unique("sleeper");
        String token = Api.register(peer);
        given().when().get("/api/v1/peers/" + peer).then().statusCode(200);

        clock.advance(Duration.ofMinutes(10).plusSeconds(1));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                given().when().get("/api/v1/peers/" + peer).then().statusCode(404));
        given().header("Authorization", "Bearer " + token).when().put("/api/v1/peers/" + peer + "/heartbeat")
                .then().statusCode(404);
    }
}
