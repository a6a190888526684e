package io.peershare.peer.control;

import io.peershare.peer.testing.ControlAuth;
import io.peershare.peer.testing.FakeTrackerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;

/** Who may use the control API: the daemon's user (the secret), through loopback names only (DNS rebinding). */
@QuarkusTest
@WithTestResource(FakeTrackerResource.class)
class ControlSecurityTest {

    /** Every control endpoint, as a request on a given specification. */
    private static final List<Function<RequestSpecification, io.restassured.response.Response>> ENDPOINTS = List.of(
            s -> s.get("/control/v1/status"),
            s -> s.get("/control/v1/files"),
            s -> s.contentType(ContentType.JSON).body(Map.of("localPath", "/proc/self/environ", "name", "environ.txt",
                    "replace", true)).post("/control/v1/publish"),
            s -> s.contentType(ContentType.JSON).body(Map.of("name", "x.bin")).post("/control/v1/fetches"),
            s -> s.get("/control/v1/fetches/some-id?wait=0"),
            s -> s.get("/q/openapi"));

    private static String port() {
        return Integer.toString(RestAssured.port);
    }

    @Test
    void shouldRefuseEveryControlEndpointWithoutTheSecretSayingWhereItIs() {
        String file = ControlAuth.file().orElseThrow().toString();
        for (var endpoint : ENDPOINTS) {
            endpoint.apply(RestAssured.given()).then().statusCode(401)
                    .contentType("application/problem+json")
                    .header("WWW-Authenticate", containsString("Bearer"))
                    .body("status", equalTo(401)).body("detail", containsString(file));
        }
        ControlAuth.given().get("/control/v1/files").then().statusCode(200)
                .body("name", not(hasItem("environ.txt")));
    }

    @Test
    void shouldRefuseAWrongSecret() {
        String right = ControlAuth.secret();
        for (String wrong : List.of("Bearer " + UUID.randomUUID(), "Bearer " + right.substring(1), "Bearer " + right + "x",
                "Bearer ", "Basic " + right, right, "Bearer " + right.toUpperCase(java.util.Locale.ROOT))) {
            for (var endpoint : ENDPOINTS) {
                endpoint.apply(RestAssured.given().header("Authorization", wrong)).then().statusCode(401)
                        .contentType("application/problem+json");
            }
        }
    }

    @Test
    void shouldAnswerTheRightSecret() {
        ControlAuth.given().get("/control/v1/status").then().statusCode(200).body("hostname", equalTo("test-peer"));
        ControlAuth.given().header("Host", "127.0.0.1:" + port()).get("/control/v1/files").then().statusCode(200);
        ControlAuth.given().header("Host", "[::1]:" + port()).get("/control/v1/files").then().statusCode(200);
    }

    @Test
    void shouldRefuseRequestsNotAddressedToLoopbackEvenWithTheSecret() {
        for (String host : List.of("evil.example", "evil.example:" + port(), "127.0.0.1.evil.example:" + port(),
                "localhost:1", "127.0.0.2:" + port(), "localhost.:" + port())) {
            for (var endpoint : ENDPOINTS) {
                endpoint.apply(ControlAuth.given().header("Host", host)).then().statusCode(403)
                        .contentType("application/problem+json").body("detail", containsString("127.0.0.1"));
            }
            RestAssured.given().header("Host", host).get("/q/health/ready").then().statusCode(403);
        }
    }

    @Test
    void shouldKeepTheHealthCheckOpenToTheContainersHealthCheck() throws IOException {
        RestAssured.given().get("/q/health/ready").then().statusCode(200);
        RestAssured.given().get("/q/health/live").then().statusCode(200);
        RestAssured.given().get("/q/health").then().statusCode(200);
        // ...and only the health check: a path that starts like one but routes elsewhere needs the secret.
        for (String sneaky : List.of("/q/health/../../control/v1/status", "/q/health/%2e%2e/%2e%2e/control/v1/status",
                "/q/health/ready/../../../control/v1/files", "/q/health/..;/..;/control/v1/status")) {
            io.peershare.peer.testing.RawHttp.Answer answer = io.peershare.peer.testing.RawHttp.exchange(RestAssured.port,
                    "GET " + sneaky + " HTTP/1.1\r\nHost: 127.0.0.1:" + port(), new byte[0]);
            assertThat(answer.status()).as(sneaky + ": " + answer).isIn(401, 404, 400);
            assertThat(answer.body()).as(sneaky).doesNotContain("hostname").doesNotContain("sha256");
        }
    }

    @Test
    void shouldKeepTheSecretInAFileOnlyItsOwnerReads() throws IOException {
        Path file = ControlAuth.file().orElseThrow();
        ControlAuth.secret(); // written once the server listens
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        // 32 random bytes in base64url: 256 bits, and different at every start (made by SecureRandom).
        assertThat(ControlAuth.secret()).matches("[A-Za-z0-9_-]{43}");
        try (var siblings = Files.list(file.getParent())) {
            String temporary = "." + file.getFileName() + ".";
            assertThat(siblings.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(temporary));
        }
    }
}
