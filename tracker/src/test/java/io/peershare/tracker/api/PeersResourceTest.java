package io.peershare.tracker.api;

import io.peershare.protocol.api.AnnounceRequest;
import io.peershare.protocol.api.FileEntry;
import io.peershare.protocol.api.RegisterRequest;
import io.peershare.protocol.api.TestPeerKey;
import io.peershare.tracker.Api;
import io.peershare.tracker.MutableClock;
import jakarta.inject.Inject;
import io.peershare.tracker.TestWireServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.List;

import static io.peershare.tracker.Api.sha;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
class PeersResourceTest {

    @Inject
    MutableClock clock;

    static final String PROBLEM = "application/problem+json";

    @Test
    void shouldRegisterAReachablePeerWith201LocationAndToken() {
        String hostname = Api.unique("reg");
        given().contentType(ContentType.JSON)
                .body(Api.signed(TestPeerKey.generate(), hostname, Api.server().port(), null))
                .when().post("/api/v1/peers")
                .then().statusCode(201)
                .header("Location", endsWith("/api/v1/peers/" + hostname))
                .body("hostname", equalTo(hostname))
                .body("token", matchesPattern("[A-Za-z0-9_-]{22}"))
                .body("heartbeatIntervalMillis", equalTo(5000))
                .body("ttlMillis", equalTo(15000));

        given().when().get("/api/v1/peers/" + hostname)
                .then().statusCode(200)
                .body("address", equalTo("127.0.0.1"))
                .body("port", equalTo(Api.server().port()))
                .body("live", equalTo(true))
                .body("fileCount", equalTo(0))
                .body("registeredAt", notNullValue());
        given().when().get("/api/v1/peers").then().statusCode(200).body("hostname", hasItem(hostname));
    }

    @Test
    void shouldAnswer409ToAnotherKeyAnd201ToTheOwnersKeyWithOrWithoutItsToken() {
        String hostname = Api.unique("taken");
        TestPeerKey owner = TestPeerKey.generate();
        String token = Api.register(owner, hostname, Api.server().port(), null);

        given().contentType(ContentType.JSON)
                .body(Api.signed(TestPeerKey.generate(), hostname, Api.server().port(), null))
                .when().post("/api/v1/peers")
                .then().statusCode(409).contentType(PROBLEM)
                .body("status", equalTo(409))
                .body("title", equalTo("Hostname taken"))
                .body("detail", containsString("belongs to another peer's key"))
                .body("detail", containsString("choose another peer.hostname"))
                .body("instance", equalTo("/api/v1/peers"));

        assertThat(Api.register(owner, hostname, Api.server().port(), token)).isEqualTo(token);
        // The owner restarted and lost its token: the key proves it, even while the old session looks live.
        assertThat(Api.register(owner, hostname, Api.server().port(), null)).isNotEqualTo(token);
    }

    @Test
    void shouldKeepTheNameForItsKeyWhenItsHolderIsSilentPastTheTtlAndExpiry() {
        String hostname = Api.unique("silent");
        TestPeerKey owner = TestPeerKey.generate();
        Api.register(owner, hostname, Api.server().port(), null);
        clock.advance(Duration.ofMinutes(11)); // past the TTL (15 s) and the expiry (10 min): the registry forgot it
        await().atMost(Duration.ofSeconds(10)).until(() -> given().get("/api/v1/peers/" + hostname).statusCode() == 404);

        given().contentType(ContentType.JSON)
                .body(Api.signed(TestPeerKey.generate(), hostname, Api.server().port(), null))
                .when().post("/api/v1/peers")
                .then().statusCode(409).contentType(PROBLEM);
        Api.register(owner, hostname, Api.server().port(), null);
    }

    @Test
    void shouldAnswer401ForABadSignatureAStaleTimestampOrAReplay() {
        String hostname = Api.unique("forged");
        TestPeerKey key = TestPeerKey.generate();
        RegisterRequest signed = Api.signed(key, hostname, Api.server().port(), null);

        RegisterRequest otherPort = new RegisterRequest(hostname, "127.0.0.1", Api.server().port() + 1, null,
                signed.publicKey(), signed.timestamp(), signed.signature());
        given().contentType(ContentType.JSON).body(otherPort).when().post("/api/v1/peers")
                .then().statusCode(401).contentType(PROBLEM).body("title", equalTo("Identity not proven"))
                .body("detail", containsString("signature does not match"));
        RegisterRequest stolenKey = new RegisterRequest(hostname, "127.0.0.1", Api.server().port(), null,
                key.publicKey(), signed.timestamp(), TestPeerKey.generate().register(hostname, "127.0.0.1",
                Api.server().port(), null, signed.timestamp()).signature());
        given().contentType(ContentType.JSON).body(stolenKey).when().post("/api/v1/peers").then().statusCode(401);
        long stale = Api.now() - Duration.ofMinutes(6).toMillis();
        given().contentType(ContentType.JSON).body(key.register(hostname, "127.0.0.1", Api.server().port(), null, stale))
                .when().post("/api/v1/peers")
                .then().statusCode(401).contentType(PROBLEM).body("detail", containsString("synchronize the peer's clock"));

        given().contentType(ContentType.JSON).body(signed).when().post("/api/v1/peers").then().statusCode(201);
        given().contentType(ContentType.JSON).body(signed).when().post("/api/v1/peers")
                .then().statusCode(401).contentType(PROBLEM).body("detail", containsString("replayed"));
    }

    @Test
    void shouldAnswer400ForARegistrationWithoutAKey() {
        given().contentType(ContentType.JSON)
                .body("{\"hostname\":\"" + Api.unique("keyless") + "\",\"address\":\"127.0.0.1\",\"port\":" + Api.server().port() + "}")
                .when().post("/api/v1/peers")
                .then().statusCode(400).contentType(PROBLEM).body("detail", containsString("publicKey"));
    }

    @Test
    void shouldRefuseAnAddressThatIsNotTheSendersWithoutConnectingToIt() throws Exception {
        // 127.0.0.2 is a loopback address too, but not the one this request comes from (127.0.0.1).
        try (ServerSocket target = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.2"))) {
            AtomicInteger connections = new AtomicInteger();
            Thread accept = Thread.ofVirtual().start(() -> {
                try (Socket s = target.accept()) {
                    connections.incrementAndGet();
                } catch (IOException e) {
                    // closed at the end of the test
                }
            });
            String hostname = Api.unique("scanner");
            given().contentType(ContentType.JSON)
                    .body(TestPeerKey.generate().register(hostname, "127.0.0.2", target.getLocalPort(), null, Api.now()))
                    .when().post("/api/v1/peers")
                    .then().statusCode(422).contentType(PROBLEM)
                    .body("title", equalTo("Advertised address not allowed"))
                    .body("detail", containsString("not the address this request came from (127.0.0.1)"));
            target.close();
            accept.join(5000);
            assertThat(connections.get()).isZero();
        }
    }

    @Test
    void shouldNotTellAnUnauthenticatedCallerWhatAnsweredAtTheAddress() throws Exception {
        try (ServerSocket ssh = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (Socket s = ssh.accept()) {
                    s.getOutputStream().write("SSH-2.0-OpenSSH_9.6\r\n".getBytes(StandardCharsets.US_ASCII));
                    s.getInputStream().read();
                } catch (IOException e) {
                    // the tracker hung up
                }
            });
            given().contentType(ContentType.JSON)
                    .body(Api.signed(TestPeerKey.generate(), Api.unique("probe"), ssh.getLocalPort(), null))
                    .when().post("/api/v1/peers")
                    .then().statusCode(422).contentType(PROBLEM)
                    .body("detail", equalTo("127.0.0.1:" + ssh.getLocalPort() + " did not answer as a peershare peer; "
                            + "set peer.advertised-address (PEER_ADVERTISED_ADDRESS) to an address the tracker can reach, "
                            + "and check that the peer's file server listens there"));
        }
    }

    @Test
    void shouldAnswer422NamingTheAddressWhenTheAdvertisedAddressIsUnreachable() throws Exception {
        int closed = TestWireServer.closedPort();
        String hostname = Api.unique("unreachable");

        given().contentType(ContentType.JSON)
                .body(Api.signed(TestPeerKey.generate(), hostname, closed, null))
                .when().post("/api/v1/peers")
                .then().statusCode(422).contentType(PROBLEM)
                .body("status", equalTo(422))
                .body("detail", containsString("127.0.0.1:" + closed))
                .body("detail", containsString("(PEER_ADVERTISED_ADDRESS) to an address the tracker can reach"));

        given().when().get("/api/v1/peers/" + hostname).then().statusCode(404);
    }

    @Test
    void shouldAnswer400ProblemsForInvalidRegistrations() {
        given().contentType(ContentType.JSON).body(Api.signed(TestPeerKey.generate(), "no spaces", 7070, null))
                .when().post("/api/v1/peers")
                .then().statusCode(400).contentType(PROBLEM)
                .body("title", equalTo("Invalid input"))
                .body("detail", containsString("only letters, digits"));
        given().contentType(ContentType.JSON).body("{\"hostname\":\"p\",\"address\":\"127.0.0.1\",\"port\":70000}")
                .when().post("/api/v1/peers")
                .then().statusCode(400).contentType(PROBLEM).body("detail", containsString("1-65535"));
    }

    @Test
    void shouldAnswer400ProblemsForMalformedJsonWithoutStackTraces() {
        given().contentType(ContentType.JSON).body("{\"hostname\": ")
                .when().post("/api/v1/peers")
                .then().statusCode(400).contentType(PROBLEM)
                .body("title", equalTo("Invalid JSON"))
                .body("detail", containsString("not valid"))
                .body(org.hamcrest.Matchers.not(containsString("at com.fasterxml")));
        given().contentType(ContentType.JSON).body("{\"hostname\":\"p\",\"address\":\"a\",\"port\":\"seventy\"}")
                .when().post("/api/v1/peers")
                .then().statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("port"));
        given().contentType(ContentType.JSON).body("")
                .when().post("/api/v1/peers")
                .then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void shouldHeartbeatWithTheTokenAndAnswer401403404Otherwise() {
        String hostname = Api.unique("hb");
        String token = Api.register(hostname);

        given().header("Authorization", "Bearer " + token).when().put("/api/v1/peers/" + hostname + "/heartbeat")
                .then().statusCode(204).header("Peershare-Heartbeat-Interval", "5000"); // a test population: the base
        given().when().put("/api/v1/peers/" + hostname + "/heartbeat")
                .then().statusCode(401).contentType(PROBLEM).body("status", equalTo(401))
                .body("detail", containsString("Authorization: Bearer"));
        given().header("Authorization", "Basic abc").when().put("/api/v1/peers/" + hostname + "/heartbeat")
                .then().statusCode(401).contentType(PROBLEM);
        given().header("Authorization", "Bearer wrong").when().put("/api/v1/peers/" + hostname + "/heartbeat")
                .then().statusCode(403).contentType(PROBLEM).body("title", equalTo("Wrong token"));
        given().header("Authorization", "Bearer " + token).when().put("/api/v1/peers/" + Api.unique("ghost") + "/heartbeat")
                .then().statusCode(404).contentType(PROBLEM).body("detail", containsString("no peer is registered"));
    }

    @Test
    void shouldReplaceAddAndWithdrawFiles() {
        String hostname = Api.unique("files");
        String token = Api.register(hostname);
        String auth = "Bearer " + token;
        String path = "/api/v1/peers/" + hostname + "/files";

        Api.announce(hostname, token, new FileEntry("b.txt", 2, sha('b')), new FileEntry("a b.txt", 1, sha('A')));
        given().contentType(ContentType.JSON).header("Authorization", auth)
                .body(new AnnounceRequest(List.of(new FileEntry("c.txt", 3, sha('c')))))
                .when().post(path).then().statusCode(204);
        given().header("Authorization", auth).when().delete(path + "/b.txt").then().statusCode(204);

        given().when().get(path).then().statusCode(200)
                .body("name", equalTo(List.of("a b.txt", "c.txt")))
                .body("[0].sha256", equalTo(sha('a')))
                .body("[0].size", equalTo(1));
        given().urlEncodingEnabled(false).header("Authorization", auth).when().delete(path + "/a%20b.txt").then().statusCode(204);
        given().when().get(path).then().body("$", hasSize(1));
        given().when().get("/api/v1/peers/" + hostname).then().body("fileCount", equalTo(1));
    }

    @Test
    void shouldAnswer400ForInvalidFilesAnd401WithoutToken() {
        String hostname = Api.unique("badfiles");
        String token = Api.register(hostname);
        String path = "/api/v1/peers/" + hostname + "/files";

        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + token)
                .body(new AnnounceRequest(List.of(new FileEntry("..", 1, sha('a')))))
                .when().put(path).then().statusCode(400).contentType(PROBLEM).body("detail", containsString("reserved"));
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + token)
                .body(new AnnounceRequest(List.of(new FileEntry("x", 1, "abc"))))
                .when().put(path).then().statusCode(400).contentType(PROBLEM).body("detail", containsString("64 hex"));
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + token).body("{}")
                .when().put(path).then().statusCode(400).contentType(PROBLEM).body("detail", containsString("files is missing"));
        given().urlEncodingEnabled(false).header("Authorization", "Bearer " + token).when().delete(path + "/a%01b")
                .then().statusCode(400).contentType(PROBLEM).body("detail", containsString("control character"));
        given().contentType(ContentType.JSON).body(new AnnounceRequest(List.of()))
                .when().put(path).then().statusCode(401).contentType(PROBLEM);
    }

    @Test
    void shouldShowPartialAndCompleteEntriesWithTheirManifestRootsAndCountBoth() {
        String hostname = Api.unique("swarm");
        String token = Api.register(hostname);
        String path = "/api/v1/peers/" + hostname + "/files";
        // Raw JSON: what a peer sends, including an old-style entry with neither field.
        Api.asPeer(token)
                .body("{\"files\":[{\"name\":\"old.txt\",\"size\":1,\"sha256\":\"" + sha('a') + "\"},"
                        + "{\"name\":\"big.iso\",\"size\":5,\"sha256\":\"" + sha('b') + "\",\"manifest\":\"" + sha('C')
                        + "\",\"partial\":true}]}")
                .when().post(path).then().statusCode(204);

        given().when().get(path).then().statusCode(200)
                .body("name", equalTo(List.of("big.iso", "old.txt")))
                .body("manifest", equalTo(Arrays.asList(sha('c'), null)))
                .body("partial", equalTo(List.of(true, false)));
        given().when().get("/api/v1/peers/" + hostname).then().body("fileCount", equalTo(2));

        Api.asPeer(token)
                .body(new AnnounceRequest(List.of(new FileEntry("big.iso", 5, sha('b'), sha('c'), false))))
                .when().post(path).then().statusCode(204);
        given().when().get(path).then().body("partial", equalTo(List.of(false, false)));
    }

    @Test
    void shouldAnswer400ProblemsNamingTheFileForABadManifestOrPartialFlag() {
        String hostname = Api.unique("badswarm");
        String token = Api.register(hostname);
        String path = "/api/v1/peers/" + hostname + "/files";

        Api.asPeer(token)
                .body(new AnnounceRequest(List.of(new FileEntry("x.iso", 1, sha('a'), "abc", true))))
                .when().post(path).then().statusCode(400).contentType(PROBLEM)
                .body("title", equalTo("Invalid input"))
                .body("detail", equalTo("file 'x.iso': manifest must be 64 hex characters (0-9, a-f), got 'abc'"));
        Api.asPeer(token)
                .body("{\"files\":[{\"name\":\"x.iso\",\"size\":1,\"sha256\":\"" + sha('a') + "\",\"partial\":\"maybe\"}]}")
                .when().post(path).then().statusCode(400).contentType(PROBLEM)
                .body("title", equalTo("Invalid JSON"))
                .body("detail", containsString("partial"));
        given().when().get(path).then().body("$", hasSize(0));
    }

    @Test
    void shouldUnregisterWithTheTokenAndThenAnswer404() {
        String hostname = Api.unique("bye");
        String token = Api.register(hostname);

        given().header("Authorization", "Bearer wrong").when().delete("/api/v1/peers/" + hostname)
                .then().statusCode(403).contentType(PROBLEM);
        given().header("Authorization", "Bearer " + token).when().delete("/api/v1/peers/" + hostname)
                .then().statusCode(204);
        given().when().get("/api/v1/peers/" + hostname).then().statusCode(404).contentType(PROBLEM)
                .body("status", equalTo(404));
        given().when().get("/api/v1/peers/" + hostname + "/files").then().statusCode(404).contentType(PROBLEM);
        given().header("Authorization", "Bearer " + token).when().delete("/api/v1/peers/" + hostname)
                .then().statusCode(404);
    }

    @Test
    void shouldAnswer400ForAnInvalidHostnameInThePath() {
        given().urlEncodingEnabled(false).when().get("/api/v1/peers/bad%20name").then().statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("'bad name'"));
    }

    @Test
    void shouldAnswerProblemJsonForUnknownPaths() {
        given().when().get("/api/v1/nothing-here").then().statusCode(404).contentType(PROBLEM).body("status", equalTo(404));
    }
}
