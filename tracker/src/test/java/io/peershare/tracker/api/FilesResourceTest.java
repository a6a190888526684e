package io.peershare.tracker.api;

import io.peershare.protocol.api.FileEntry;
import io.peershare.tracker.Api;
import io.peershare.tracker.MutableClock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.peershare.tracker.Api.sha;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

@QuarkusTest
class FilesResourceTest {

    static final String PROBLEM = "application/problem+json";

    @Inject
    MutableClock clock;

    @Test
    void shouldGiveOneFileSourcesPerContentWhenPeersShareANameWithDifferentBytes() {
        String name = Api.unique("cat") + ".png";
        String p1 = Api.unique("src");
        String p2 = Api.unique("src");
        String p3 = Api.unique("src");
        Api.announce(p1, Api.register(p1), new FileEntry(name, 10, sha('1')));
        Api.announce(p2, Api.register(p2), new FileEntry(name, 20, sha('2')));
        Api.announce(p3, Api.register(p3), new FileEntry(name, 20, sha('2')));

        given().when().get("/api/v1/files/" + name + "/sources").then().statusCode(200)
                .body("$", hasSize(2))
                .body("[0].sha256", equalTo(sha('2')))
                .body("[0].size", equalTo(20))
                .body("[0].sources.hostname", equalTo(List.of(p2, p3)))
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
}
