package io.peershare.tracker.api;

import io.peershare.protocol.api.FileEntry;
import io.peershare.tracker.Api;
import io.peershare.protocol.api.RegisterRequest;
import io.peershare.tracker.MutableClock;
import io.peershare.tracker.registry.Registry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static io.peershare.tracker.Api.sha;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class FilesResourceTest {

    static final String PROBLEM = "application/problem+json";

    @Inject
    MutableClock clock;

    @Inject
    Registry registry;

    @Test
    void shouldGiveOneFileSourcesPerContentWhenPeersShareANameWithDifferentBytes() {
        String name = Api.unique("cat") + ".png";
        String p1 = Api.peerHolding("src", new FileEntry(name, 10, sha('1')));
        String p2 = Api.peerHolding("src", new FileEntry(name, 20, sha('2')));
        String p3 = Api.peerHolding("src", new FileEntry(name, 20, sha('2')));

        given().when().get("/api/v1/files/" + name + "/sources").then().statusCode(200)
                .body("$", hasSize(2))
                .body("[0].sha256", equalTo(sha('2')))
                .body("[0].size", equalTo(20))
                .body("[0].sources.hostname", containsInAnyOrder(p2, p3))
                .body("[0].sources[0].address", equalTo("127.0.0.1"))
                .body("[0].sources[0].port", equalTo(Api.server().port()))
                .body("[1].sha256", equalTo(sha('1')))
                .body("[1].sources.hostname", equalTo(List.of(p1)));
        given().queryParam("sha256", sha('1')).when().get("/api/v1/files/" + name + "/sources").then().statusCode(200)
                .body("$", hasSize(1)).body("[0].sources[0].hostname", equalTo(p1));
        given().when().get("/api/v1/files").then().statusCode(200);
    }

    @Test
    void shouldExcludePeersPastTheTtlFromSources() {
        String name = Api.unique("fading") + ".txt";
        String peer = Api.unique("fader");
        Api.announce(peer, Api.register(peer), new FileEntry(name, 1, sha('f')));
        given().when().get("/api/v1/files/" + name + "/sources").then().statusCode(200);

        clock.advance(Duration.ofSeconds(16));

        given().when().get("/api/v1/files/" + name + "/sources").then().statusCode(404).contentType(PROBLEM)
                .body("detail", containsString("no live peer holds '" + name + "'"));
        given().queryParam("q", name).when().get("/api/v1/files").then().statusCode(200)
                .body("liveSources", equalTo(List.of(0)));
        given().when().get("/api/v1/peers/" + peer).then().body("live", equalTo(false));
    }

    @Test
    void shouldSearchWithCaseInsensitiveGlobs() {
        String stem = Api.unique("Glob");
        String peer = Api.unique("globber");
        Api.announce(peer, Api.register(peer), new FileEntry(stem + "-one.PNG", 1, sha('1')),
                new FileEntry(stem + "-two.png", 2, sha('2')), new FileEntry(stem + "-notes.txt", 3, sha('3')));

        given().queryParam("q", stem.toLowerCase() + "*.png").when().get("/api/v1/files").then().statusCode(200)
                .body("name", equalTo(List.of(stem + "-one.PNG", stem + "-two.png")))
                .body("liveSources", equalTo(List.of(1, 1)));
        given().queryParam("q", stem + "-t?o.png").when().get("/api/v1/files").then()
                .body("name", equalTo(List.of(stem + "-two.png")))
                .body("[0].size", equalTo(2))
                .body("[0].sha256", equalTo(sha('2')));
    }

    @Test
    void shouldAnswer404ForUnknownFilesAnd400ForInvalidNamesOrHashes() {
        given().when().get("/api/v1/files/" + Api.unique("nope") + "/sources").then().statusCode(404).contentType(PROBLEM);
        given().urlEncodingEnabled(false).when().get("/api/v1/files/a%5Cb/sources").then().statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("path separator"));
        given().queryParam("sha256", "xyz").when().get("/api/v1/files/a.txt/sources").then().statusCode(400)
                .contentType(PROBLEM).body("detail", containsString("64 hex"));
    }

    @Test
    void shouldListCompleteAndPartialSourcesWithCountsAndTheManifestRoot() {
        String name = Api.unique("swarm") + ".iso";
        String seed = Api.peerHolding("seed", new FileEntry(name, 3_000_000, sha('5'), sha('6'), false));
        String leech = Api.peerHolding("leech", new FileEntry(name, 3_000_000, sha('5'), sha('6'), true));

        given().when().get("/api/v1/files/" + name + "/sources").then().statusCode(200)
                .body("$", hasSize(1))
                .body("[0].name", equalTo(name))
                .body("[0].size", equalTo(3_000_000))
                .body("[0].sha256", equalTo(sha('5')))
                .body("[0].manifest", equalTo(sha('6')))
                .body("[0].completeSources", equalTo(1))
                .body("[0].partialSources", equalTo(1))
                .body("[0].sources.hostname", containsInAnyOrder(seed, leech))
                .body("[0].sources.find { it.hostname == '" + leech + "' }.partial", equalTo(true))
                .body("[0].sources.find { it.hostname == '" + seed + "' }.partial", equalTo(false));
        given().queryParam("limit", 1).when().get("/api/v1/files/" + name + "/sources").then().statusCode(200)
                .body("[0].sources.hostname", equalTo(List.of(seed)))
                .body("[0].completeSources", equalTo(1))
                .body("[0].partialSources", equalTo(1));
        given().queryParam("q", name).when().get("/api/v1/files").then().statusCode(200)
                .body("liveSources", equalTo(List.of(1)))
                .body("partialSources", equalTo(List.of(1)));
    }

    @Test
    void shouldKeepTheHonestGroupFirstAndWholeWhenAPeerAnnouncesTheRealHashWithAWrongSize() {
        String name = Api.unique("target") + ".iso";
        String h1 = Api.peerHolding("honest", new FileEntry(name, 1_000_000, sha('7'), sha('8'), false));
        String liar = Api.peerHolding("liar", new FileEntry(name, 13, sha('7'), sha('8'), false));
        String h2 = Api.peerHolding("honest", new FileEntry(name, 1_000_000, sha('7'), sha('8'), false));

        given().queryParam("sha256", sha('7')).when().get("/api/v1/files/" + name + "/sources").then().statusCode(200)
                .body("size", equalTo(List.of(1_000_000, 13)))
                .body("completeSources", equalTo(List.of(2, 1)))
                .body("[0].sources.hostname", containsInAnyOrder(h1, h2))
                .body("[1].sources.hostname", equalTo(List.of(liar)));
        given().queryParam("q", name).when().get("/api/v1/files").then()
                .body("size", equalTo(List.of(1_000_000)));
    }

    @Test
    void shouldAnswerSmallWithAFreshSampleForAFileWithTenThousandHolders() {
        String name = Api.unique("popular") + ".iso";
        Map<String, String> tokens = new HashMap<>();
        // Straight into the registry: 10 000 registrations through HTTP would each PING the test server.
        for (int i = 0; i < 10_000; i++) {
            String hostname = Api.unique("crowd");
            String token = registry.register(new RegisterRequest(hostname, "10.1." + i / 256 + "." + i % 256, 7070, null)).token();
            registry.replaceFiles(hostname, token, List.of(new FileEntry(name, 1, sha('9'), sha('9'), false)));
            tokens.put(hostname, token);
        }
        try {
            List<String> first = given().when().get("/api/v1/files/" + name + "/sources").then().statusCode(200)
                    .body("[0].completeSources", equalTo(10_000))
                    .body("[0].partialSources", equalTo(0))
                    .body("[0].sources", hasSize(50))
                    .extract().path("[0].sources.hostname");
            List<String> second = given().when().get("/api/v1/files/" + name + "/sources").then().statusCode(200)
                    .body("[0].sources", hasSize(50))
                    .extract().path("[0].sources.hostname");
            assertThat(new HashSet<>(second)).isNotEqualTo(new HashSet<>(first));
            given().queryParam("limit", 200).when().get("/api/v1/files/" + name + "/sources").then().statusCode(200)
                    .body("[0].sources", hasSize(200));
        } finally {
            tokens.forEach(registry::unregister); // the tracker is shared by every test of this JVM
        }
    }

    @Test
    void shouldAnswer400ProblemsForALimitOutsideOneTo200NeverA500() {
        String name = Api.unique("limited") + ".txt";
        Api.peerHolding("limiter", new FileEntry(name, 1, sha('4')));

        Map<String, String> got = Map.of("0", "0", "-1", "-1", "201", "201", "abc", "'abc'", "1.5", "'1.5'",
                "99999999999", "'99999999999'");
        for (Map.Entry<String, String> bad : got.entrySet()) {
            given().queryParam("limit", bad.getKey()).when().get("/api/v1/files/" + name + "/sources").then()
                    .statusCode(400).contentType(PROBLEM)
                    .body("title", equalTo("Invalid input"))
                    .body("detail", equalTo("limit must be a whole number from 1 to 200 (default 50), got " + bad.getValue()))
                    .body("instance", equalTo("/api/v1/files/" + name + "/sources"));
        }
        given().queryParam("limit", 200).when().get("/api/v1/files/" + name + "/sources").then().statusCode(200);
        given().queryParam("limit", "").when().get("/api/v1/files/" + name + "/sources").then().statusCode(200)
                .body("[0].manifest", nullValue())
                .body("[0].sources[0].partial", equalTo(false));
    }
}
