package io.peershare.tracker.api;

import io.peershare.tracker.Api;
import io.peershare.tracker.TestWireServer;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.peershare.tracker.Api.sha;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.nullValue;

/** Ping and discover go to a real wire server (in-test) or to a port nobody listens on. */
@QuarkusTest
class ProbeResourceTest {

    static final String PROBLEM = "application/problem+json";

    @Test
    void shouldReportAnAnsweringPeerAsAliveWithItsRtt() {
        String peer = Api.unique("alive");
        Api.register(peer);

        given().when().post("/api/v1/peers/" + peer + "/ping").then().statusCode(200)
                .body("hostname", equalTo(peer))
                .body("address", equalTo("127.0.0.1"))
                .body("port", equalTo(Api.server().port()))
                .body("alive", equalTo(true))
                .body("rttMillis", greaterThan(0f))
                .body("error", nullValue());
    }

    @Test
    void shouldReportASilentPeerAsNotAliveWith200AndAReason() throws Exception {
        String peer = Api.unique("gone");
        try (TestWireServer doomed = new TestWireServer()) {
            Api.register(peer, doomed.port());
        }

        given().when().post("/api/v1/peers/" + peer + "/ping").then().statusCode(200)
                .body("alive", equalTo(false))
                .body("rttMillis", nullValue())
                .body("error", not(emptyOrNullString()));
    }

    @Test
    void shouldAnswer404WhenPingingOrDiscoveringAnUnknownHostname() {
        given().when().post("/api/v1/peers/" + Api.unique("who") + "/ping").then().statusCode(404).contentType(PROBLEM);
        given().when().get("/api/v1/peers/" + Api.unique("who") + "/discover").then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void shouldDiscoverLiveOverTheWireProtocolAcrossSeveralListPages() throws Exception {
        String peer = Api.unique("lister");
        try (TestWireServer server = new TestWireServer()) {
            server.serve(List.of(TestWireServer.file("a.txt", 1, sha('a')), TestWireServer.file("b.txt", 2, sha('b')),
                    TestWireServer.file("c.txt", 3, sha('c')), TestWireServer.file("d.txt", 4, sha('d'))));
            Api.register(peer, server.port()); // registry view stays empty: discover must come from the peer

            given().when().get("/api/v1/peers/" + peer + "/discover").then().statusCode(200)
                    .body("hostname", equalTo(peer))
                    .body("origin", equalTo("live"))
                    .body("error", nullValue())
                    .body("files.name", equalTo(List.of("a.txt", "b.txt", "c.txt", "d.txt")))
                    .body("files[3].size", equalTo(4))
                    .body("files[3].sha256", equalTo(sha('d')));
        }
    }

    @Test
    void shouldFallBackToTheRegistryViewWhenThePeerDoesNotAnswer() throws Exception {
        String peer = Api.unique("mute");
        String token;
        try (TestWireServer doomed = new TestWireServer()) {
            token = Api.register(peer, doomed.port());
        }
        Api.announce(peer, token, new io.peershare.protocol.api.FileEntry("kept.txt", 7, sha('7')));

        given().when().get("/api/v1/peers/" + peer + "/discover").then().statusCode(200)
                .body("origin", equalTo("registry"))
                .body("error", not(emptyOrNullString()))
                .body("files.name", equalTo(List.of("kept.txt")));
    }
}
