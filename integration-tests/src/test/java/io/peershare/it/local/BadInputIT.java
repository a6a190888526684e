package io.peershare.it.local;

import io.peershare.protocol.api.RegisterRequest;
import io.peershare.protocol.api.RegisterSignature;
import io.peershare.protocol.wire.ErrorCode;
import io.peershare.protocol.wire.ErrorMessage;
import io.peershare.protocol.wire.Message;
import io.peershare.protocol.wire.WireCodec;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.net.Socket;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;

/** Bad input through every door gets a clear one-line error, loses nothing, and stops nobody else. */
class BadInputIT extends LocalClusterSuite {
    Path text;

    @BeforeAll
    void setUp() throws Exception {
        startCluster("server", "client");
        text = TestFiles.text(work.resolve("local"), "fine.txt");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/b.txt", "..", ".", "back\\slash", "tab\there", " leading-space", "bell\u0007char"})
    void publishRejectsAnInvalidNameWithOneLine(String name) throws Exception {
        ShellResult publish = cluster.peer("server").shell("publish", text.toString(), name);

        assertThat(publish.exitCode()).as(publish.toString()).isEqualTo(2);
        assertOneLineError(publish);
        assertThat(cluster.peer("server").repository().resolve("a")).doesNotExist();
    }

    @Test
    void publishRejectsANameOverTheByteLimit() throws Exception {
        ShellResult publish = cluster.peer("server").shell("publish", text.toString(), "é".repeat(128) + ".txt");

        assertThat(publish.exitCode()).as(publish.toString()).isEqualTo(2);
        assertOneLineError(publish);
    }

    @Test
    void publishOfAMissingOrDirectoryLocalFileSaysWhatIsWrong() throws Exception {
        ShellResult missing = cluster.peer("server").shell("publish", work.resolve("nope.txt").toString(), "nope.txt");
        assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(2);
        assertOneLineError(missing);
        assertThat(missing.stderr()).contains("nope.txt");

        ShellResult directory = cluster.peer("server").shell("publish", work.toString(), "dir");
        assertThat(directory.exitCode()).as(directory.toString()).isEqualTo(2);
        assertOneLineError(directory);
    }

    @Test
    void fetchOfANameNobodyHasFailsWithOneLine() throws Exception {
        ShellResult fetch = cluster.peer("client").shell("fetch", "no-such-file.txt");

        assertThat(fetch.exitCode()).as(fetch.toString()).isIn(1, 4);
        assertOneLineError(fetch);
        assertThat(fetch.stderr()).contains("no-such-file.txt");
        assertThat(cluster.peer("client").file("no-such-file.txt")).doesNotExist();
    }

    @Test
    void theTrackerApiAnswersInvalidInputWithProblemJson() throws Exception {
        RestAssured.given().contentType(ContentType.JSON)
                .body(Map.of("hostname", "bad/host", "address", "127.0.0.1", "port", 7000))
                .post(cluster.trackerUrl() + "/api/v1/peers")
                .then().statusCode(400).contentType(startsWith("application/problem+json")).body("detail", containsString("hostname"));

        String token = RestAssured.given().contentType(ContentType.JSON)
                .body(signedRegistration("mallory", "127.0.0.1", cluster.peer("server").wirePort()))
                .post(cluster.trackerUrl() + "/api/v1/peers")
                .then().statusCode(201).extract().path("token");
        RestAssured.given().contentType(ContentType.JSON).header("Authorization", "Bearer " + token)
                .body(Map.of("files", List.of(Map.of("name", "../../etc/passwd", "size", 1, "sha256", "00".repeat(32)))))
                .post(cluster.trackerUrl() + "/api/v1/peers/mallory/files")
                .then().statusCode(400).contentType(startsWith("application/problem+json"));
        RestAssured.given().contentType(ContentType.JSON).header("Authorization", "Bearer not-the-token")
                .body(Map.of("files", List.of()))
                .put(cluster.trackerUrl() + "/api/v1/peers/server/files")
                .then().statusCode(403).contentType(startsWith("application/problem+json"));
    }

    /** A registration signed by a new Ed25519 key, as a peer sends it (docs/api.md, Register). */
    private static Map<String, Object> signedRegistration(String hostname, String address, int port) throws Exception {
        KeyPair key = KeyPairGenerator.getInstance(RegisterSignature.ALGORITHM).generateKeyPair();
        RegisterRequest r = RegisterSignature.signed(hostname, address, port, null, System.currentTimeMillis(),
                key.getPublic(), key.getPrivate());
        return Map.of("hostname", r.hostname(), "address", r.address(), "port", r.port(),
                "publicKey", r.publicKey(), "timestamp", r.timestamp(), "signature", r.signature());
    }

    @Test
    void garbageAndOversizedFramesGetAnErrorFrameWhileATransferGoesOn() throws Exception {
        Path big = TestFiles.random(work.resolve("local"), "stream.bin", 200, 3);
        publish("server", big, "stream.bin");
        String fetch = cluster.peer("client").startFetch("stream.bin");

        assertThat(errorAnswerTo("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII)).errorCode())
                .isEqualTo(ErrorCode.MALFORMED_FRAME);
        byte[] oversized = {0x50, 0x53, 0x01, 0x07, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        assertThat(errorAnswerTo(oversized).errorCode()).isEqualTo(ErrorCode.FRAME_TOO_LARGE);
        byte[] futureVersion = {0x50, 0x53, 0x09, 0x03, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 1};
        assertThat(errorAnswerTo(futureVersion).errorCode()).isEqualTo(ErrorCode.UNSUPPORTED_VERSION);

        await("the concurrent fetch completes").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> !cluster.peer("client").fetchStatus(fetch).getString("state").matches("LOCATING|DOWNLOADING|VERIFYING"));
        assertThat(cluster.peer("client").fetchStatus(fetch).getString("state")).isEqualTo("DONE");
        assertThat(TestFiles.sha256(cluster.peer("client").file("stream.bin"))).isEqualTo(TestFiles.sha256(big));
        assertThat(cluster.trackerShell("ping", "server").exitCode()).isZero();
    }

    /** Sends raw bytes to the server peer's wire port; expects one ERROR frame and then the close. */
    private ErrorMessage errorAnswerTo(byte[] bytes) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", cluster.peer("server").wirePort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            Message answer = WireCodec.read(in);
            assertThat(answer).isInstanceOf(ErrorMessage.class);
            assertThat(in.read()).as("connection closed after the error frame").isEqualTo(-1);
            return (ErrorMessage) answer;
        }
    }

    private static void assertOneLineError(ShellResult result) {
        assertThat(result.stderr().strip().lines().count()).as("one line on stderr: " + result).isEqualTo(1);
        assertThat(result.stderr()).doesNotContain("Exception").doesNotContain("\tat ");
    }
}
