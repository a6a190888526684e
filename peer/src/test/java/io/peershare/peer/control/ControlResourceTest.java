package io.peershare.peer.control;

import io.peershare.peer.testing.FakeTracker;
import io.peershare.peer.testing.FakeTrackerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;

@QuarkusTest
@WithTestResource(FakeTrackerResource.class)
class ControlResourceTest {

    private static Path localFile(String content) throws IOException {
        Path file = Files.createTempFile("control-test", ".txt");
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
}
