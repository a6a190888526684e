package io.peershare.tracker.api;

import io.peershare.protocol.api.FileEntry;
import io.peershare.tracker.Api;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.peershare.tracker.Api.sha;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Searches an attacker can send: patterns that make a backtracking matcher explode, and lying announcements. */
@QuarkusTest
class SearchAttackTest {

    @Test
    void shouldAnswerAStarHeavyPatternAgainstALongNameWithoutBacktracking() {
        String prefix = Api.unique("z").replace("-", "");
        String longName = prefix + "a".repeat(250 - prefix.length());
        Api.peerHolding("long", new FileEntry(longName, 1, sha('1')));
        // a regex ".*a.*a…b" backtracks through every split of 250 a's among 15 stars: it never finished
        String pattern = prefix + "*a".repeat(15) + "*b";

        assertTimeoutPreemptively(Duration.ofSeconds(20), () ->
                given().queryParam("q", pattern).when().get("/api/v1/files").then().statusCode(200).body("$", hasSize(0)));
        given().queryParam("q", prefix + "*a*a*A?").when().get("/api/v1/files").then().statusCode(200)
                .body("name", equalTo(List.of(longName)));
    }

    @Test
    void shouldNotLetOneHolderAnnouncingAWrongSizeChangeWhatTheSearchShows() {
        String name = Api.unique("iso") + ".iso";
        Api.peerHolding("honest", new FileEntry(name, 1_000_000, sha('a'), sha('c'), false));
        Api.peerHolding("liar", new FileEntry(name, 1, sha('a'), sha('c'), false));
        Api.peerHolding("honest", new FileEntry(name, 1_000_000, sha('a'), sha('c'), false));
        Api.peerHolding("honest", new FileEntry(name, 1_000_000, sha('a'), sha('c'), true));

        given().queryParam("q", name).when().get("/api/v1/files").then().statusCode(200)
                .body("$", hasSize(1))
                .body("[0].size", equalTo(1_000_000))
                .body("[0].liveSources", equalTo(2)) // the honest complete holders only, as their sources group counts them
                .body("[0].partialSources", equalTo(1));
        given().when().get("/api/v1/files/" + name + "/sources").then().statusCode(200)
                .body("[0].size", equalTo(1_000_000))
                .body("[0].completeSources", equalTo(2))
                .body("[1].size", equalTo(1));
    }
}
