package io.peershare.tracker.registry.redis;

import io.peershare.protocol.api.FileEntry;
import io.peershare.tracker.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.peershare.tracker.Api.sha;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The tracker wired to the Redis store (tracker.store=redis): the REST API on top of it, and its readiness. */
@QuarkusTest
@TestProfile(RedisStoreResourceTest.RedisStore.class)
class RedisStoreResourceTest {

    /** The fixture's Redis, on a key prefix of its own; without one, a closed port (the tests are skipped). */
    public static class RedisStore implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tracker.store", "redis",
                    "quarkus.redis.hosts", RedisFixture.url().orElse("redis://127.0.0.1:1"),
                    "tracker.redis.key-prefix", RedisFixture.freshPrefix());
        }
    }

    @BeforeAll
    static void redis() {
        assumeTrue(RedisFixture.url().isPresent(), RedisFixture.HOW_TO);
    }

    @Test
    void shouldRegisterHeartbeatAnnounceAndListSourcesThroughRedis() {
        String hostname = Api.unique("redis");
        String token = Api.register(hostname);
        Api.announce(hostname, token, new FileEntry("r.iso", 5, sha('d')));

        given().header("Authorization", "Bearer " + token).when().put("/api/v1/peers/" + hostname + "/heartbeat")
                .then().statusCode(204);
        given().when().get("/api/v1/files/r.iso/sources").then().statusCode(200)
                .body("[0].sources.hostname", hasItem(hostname));
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'registry' }.data.store", equalTo("redis"))
                .body("checks.find { it.name == 'registry' }.data.storeReachable", equalTo(true));
    }
}
