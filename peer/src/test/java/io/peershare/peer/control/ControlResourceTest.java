package io.peershare.peer.control;

import io.peershare.peer.testing.ControlAuth;
import io.peershare.peer.testing.FakeTracker;
import io.peershare.peer.testing.FakeTrackerResource;
import io.peershare.protocol.api.FileSources;
import io.peershare.protocol.api.Source;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.peershare.peer.testing.ControlAuth.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.oneOf;

@QuarkusTest
@WithTestResource(FakeTrackerResource.class)
class ControlResourceTest {

    private static Path localFile(String content) throws IOException {
        Path file = Files.createTempFile("control-test", ".txt");
        file.toFile().deleteOnExit(); // published copies live in the peer's repository; this one is only the source
        Files.writeString(file, content);
        return file.toAbsolutePath();
    }

    @Test
    void shouldDescribeThePeerAndRegisterWithTheTracker() {
        FakeTracker tracker = FakeTrackerResource.tracker();
        await().until(() -> !tracker.registrations.isEmpty());
        given().when().get("/control/v1/status").then().statusCode(200)
                .body("hostname", equalTo("test-peer"))
                .body("port", greaterThan(0))
                .body("trackerUrl", equalTo(tracker.url().toString()))
                .body("registered", equalTo(true));
    }

    @Test
    void shouldBeReadyOnceTheDaemonRuns() {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'peer-daemon' }.status", equalTo("UP"));
    }

    @Test
    void shouldPublishThenReportTheSameContentAsAlreadyThereAndRefuseOtherContent() throws IOException {
        String name = "notes-" + UUID.randomUUID() + ".txt";
        Path file = localFile("hello " + name);
        Map<String, Object> body = Map.of("localPath", file.toString(), "name", name, "replace", false);

        given().contentType(ContentType.JSON).body(body).when().post("/control/v1/publish")
                .then().statusCode(201).body("name", equalTo(name)).body("size", equalTo((int) Files.size(file)));
        given().contentType(ContentType.JSON).body(body).when().post("/control/v1/publish")
                .then().statusCode(200);
        given().when().get("/control/v1/files").then().statusCode(200).body("name", hasItem(name));

        Path other = localFile("other content");
        given().contentType(ContentType.JSON).body(Map.of("localPath", other.toString(), "name", name, "replace", false))
                .when().post("/control/v1/publish")
                .then().statusCode(409).contentType("application/problem+json").body("detail", containsString("--replace"));
    }

    @Test
    void shouldAnswerBadInputWithAProblem() {
        given().contentType(ContentType.JSON).body(Map.of("localPath", "/nope/missing.txt", "name", "m.txt", "replace", false))
                .when().post("/control/v1/publish")
                .then().statusCode(400).contentType("application/problem+json").body("detail", equalTo("no such file: /nope/missing.txt"));
        given().contentType(ContentType.JSON).body(Map.of("localPath", "/etc/hostname", "name", "../escape", "replace", false))
                .when().post("/control/v1/publish")
                .then().statusCode(400).body("detail", containsString("path separator"));
        given().contentType(ContentType.JSON).body(Map.of("name", "a/b"))
                .when().post("/control/v1/fetches").then().statusCode(400);
        given().contentType(ContentType.JSON).body("{not json")
                .when().post("/control/v1/fetches").then().statusCode(400);
        given().when().get("/control/v1/fetches/nope").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void shouldRunAFetchAndReportItsFailure() {
        String id = given().contentType(ContentType.JSON).body(Map.of("name", "nobody-has-this.bin"))
                .when().post("/control/v1/fetches")
                .then().statusCode(202).body("name", equalTo("nobody-has-this.bin")).extract().path("id");
        await().until(() -> given().get("/control/v1/fetches/" + id).path("state").equals("FAILED"));
        given().get("/control/v1/fetches/" + id).then().body("message", containsString("unknown file"));
    }

    @Test
    void shouldAnswerAWaitingRequestWhenTheFetchEnds() {
        String id = given().contentType(ContentType.JSON).body(Map.of("name", "nobody-has-this-either.bin"))
                .when().post("/control/v1/fetches").then().statusCode(202).extract().path("id");

        // One request, no polling: it is answered when the fetch has failed.
        given().get("/control/v1/fetches/" + id + "?wait=20000").then().statusCode(200)
                .body("state", equalTo("FAILED")).body("message", containsString("unknown file"));
    }

    @Test
    void shouldAnswerAWaitingRequestWhenTheWaitIsOverAndTheFetchGoesOn() throws IOException {
        // A source that accepts connections and never answers: the fetch waits for its handshake.
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Source source = new Source("silent-peer", "127.0.0.1", silent.getLocalPort());
            FakeTrackerResource.tracker().sources.put("silent.bin", List.of(new FileSources("silent.bin", 5,
                    "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824",
                    "30e14955ebf1352266dc2ff8067e68104607e750abb9d3b36582b8af909fcb58", 1, 0, List.of(source))));
            String id = given().contentType(ContentType.JSON).body(Map.of("name", "silent.bin"))
                    .when().post("/control/v1/fetches").then().statusCode(202).extract().path("id");

            given().get("/control/v1/fetches/" + id + "?wait=300").then().statusCode(200)
                    .body("state", not(oneOf("DONE", "FAILED", "ALREADY_PRESENT")));
        } finally {
            FakeTrackerResource.tracker().sources.remove("silent.bin");
        }
    }

    @Test
    void shouldRefuseAWaitOutsideItsRange() {
        String id = given().contentType(ContentType.JSON).body(Map.of("name", "nobody-has-this-at-all.bin"))
                .when().post("/control/v1/fetches").then().statusCode(202).extract().path("id");
        for (String wait : List.of("-1", "30001", "soon")) {
            given().get("/control/v1/fetches/" + id + "?wait=" + wait).then().statusCode(400)
                    .contentType("application/problem+json").body("detail", containsString("from 0 to 30000"));
        }
    }
}
