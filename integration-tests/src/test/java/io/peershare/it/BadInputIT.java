package io.peershare.it;

import io.peershare.protocol.wire.ErrorCode;
import io.peershare.protocol.wire.ErrorMessage;
import io.peershare.protocol.wire.Hello;
import io.peershare.protocol.wire.HelloAck;
import io.peershare.protocol.wire.Message;
import io.peershare.protocol.wire.WireCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.testcontainers.containers.GenericContainer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

/**
 * Bad input, from inside the network and through the front doors: garbage and oversized frames on a
 * peer's wire port, invalid names through the shell, the tracker API and the peer's control API. Each is
 * refused with a clear error, while a large transfer from the same peer carries on and ends intact.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputIT {

    private static final int LARGE_MIB = 200;
    /** 200 MiB at 40 Mbit/s: about 40 s, so the transfer outlives the bad-input cases. */
    private static final String SLOW_LINK = "40mbit";

    private static Cluster cluster;
    private static String largeSha;
    private static CompletableFuture<Shell.Result> transfer;

    @BeforeAll
    static void startClusterAndATransfer() {
        cluster = Cluster.builder().peers(2).netAdmin().start();
        var peer1 = cluster.peer("peer1");
        largeSha = cluster.randomFile(peer1, "/tmp/large.bin", LARGE_MIB);
        Shell.Result publish = cluster.peerShell("peer1", "publish", "/tmp/large.bin", "large.bin");
        assertThat(publish.exitCode()).as(publish.toString()).isZero();
        cluster.sh(peer1, "printf 'small\\n' > /tmp/small.txt");
        await().atMost(Duration.ofSeconds(15)).until(() -> cluster.api().sourceHosts("large.bin").contains("peer1"));
        cluster.throttle(peer1, SLOW_LINK);
        transfer = CompletableFuture.supplyAsync(() -> cluster.peerShell("peer2", "fetch", "large.bin"));
    }

    @AfterAll
    static void stopCluster() {
        if (transfer != null) {
            transfer.cancel(true);
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void garbageOnTheWirePortIsRefusedAndTheConnectionClosed() {
        GenericContainer<?> attacker = cluster.tracker();
        byte[] http = "GET / HTTP/1.1\r\nHost: peer1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        assertRefused(Frames.send(cluster, attacker, "peer1", Cluster.PEER_PORT, http, 5), ErrorCode.MALFORMED_FRAME);

        byte[] noise = new byte[4096];
        new java.util.Random(42).nextBytes(noise);
        noise[0] = 'x';
        assertRefused(Frames.send(cluster, attacker, "peer1", Cluster.PEER_PORT, noise, 5), ErrorCode.MALFORMED_FRAME);

        // A header exactly: nothing unread, so the ERROR frame must arrive intact.
        Frames.Reply unknownType = Frames.send(cluster, attacker, "peer1", Cluster.PEER_PORT, Frames.header(1, 0x55, 0), 5);
        assertErrorFrame(unknownType, ErrorCode.UNKNOWN_TYPE);
        Frames.Reply badVersion = Frames.send(cluster, attacker, "peer1", Cluster.PEER_PORT, Frames.header(9, 0x01, 0), 5);
        assertErrorFrame(badVersion, ErrorCode.UNSUPPORTED_VERSION);
        assertPeer1StillServes();
    }

    @Test
    @Order(2)
    void anOversizedFrameIsRefusedBeforeItsPayloadArrives() {
        // HELLO declaring 2 GiB - 1 of payload, none of which is sent: the peer must not wait for it.
        Frames.Reply reply = Frames.send(cluster, cluster.tracker(), "peer1", Cluster.PEER_PORT,
                Frames.header(1, 0x01, 0x7FFF_FFFFL), 5);
        assertErrorFrame(reply, ErrorCode.FRAME_TOO_LARGE);

        // Just above the 1 MiB cap.
        Frames.Reply justAbove = Frames.send(cluster, cluster.tracker(), "peer1", Cluster.PEER_PORT,
                Frames.header(1, 0x05, (1 << 20) + 1), 5);
        assertErrorFrame(justAbove, ErrorCode.FRAME_TOO_LARGE);
        assertPeer1StillServes();
    }

    @Test
    @Order(3)
    void anInvalidNameOnTheWireIsRefused() {
        byte[] hello = WireCodec.encode(new Hello(1, 1, "peershare-it"));
        for (String name : List.of("../../etc/passwd", "a/b", "..")) {
            Frames.Reply reply = Frames.send(cluster, cluster.tracker(), "peer1", Cluster.PEER_PORT,
                    Frames.concat(hello, Frames.getWithName(name)), 5);
            List<Message> messages = reply.messages();
            assertThat(messages).as(reply.transcript()).isNotEmpty();
            assertThat(messages.getFirst()).as("HELLO is answered").isInstanceOf(HelloAck.class);
            assertThat(messages.getLast()).as("GET " + name + " is refused").isInstanceOf(ErrorMessage.class);
            assertThat(((ErrorMessage) messages.getLast()).code()).isEqualTo(ErrorCode.INVALID_FIELD.code());
        }
        assertPeer1StillServes();
    }

    @Test
    @Order(4)
    void invalidNamesThroughTheShellAreBadUsage() {
        String tooLong = "n".repeat(300) + ".txt";
        for (String name : List.of("../escape.txt", "a/b.txt", "bad\u0001name.txt", "..", tooLong, ".peershare")) {
            Shell.Result publish = cluster.peerShell("peer1", "publish", "/tmp/small.txt", name);
            assertThat(publish.exitCode()).as(publish.toString()).isEqualTo(2);
            assertThat(publish.output()).as("says what is wrong").isNotBlank();
        }
        Shell.Result fetch = cluster.peerShell("peer1", "fetch", "../../etc/passwd");
        assertThat(fetch.exitCode()).as(fetch.toString()).isEqualTo(2);
        Shell.Result missing = cluster.peerShell("peer1", "publish", "/tmp/does-not-exist.txt", "x.txt");
        assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(2);

        Shell.Result escaped = cluster.sh(cluster.peer("peer1"), "ls /data/escape.txt /data/b.txt 2>/dev/null | wc -l");
        assertThat(escaped.stdout().strip()).as("nothing written outside the repository").isEqualTo("0");
        assertThat(cluster.api().files("peer1")).extracting(f -> f.name()).containsExactly("large.bin");
    }

    @Test
    @Order(5)
    void invalidNamesAndBodiesThroughTheApisAreBadRequests() throws Exception {
        cluster.api().given().get("/files/{name}/sources", "bad\u0001name")
                .then().statusCode(400).contentType(containsString("problem+json"));
        cluster.api().given().contentType("application/json")
                .body("{\"hostname\":\"../evil\",\"address\":\"peer1\",\"port\":7070,\"token\":null}")
                .post("/peers").then().statusCode(400).contentType(containsString("problem+json"));
        cluster.api().given().contentType("application/json")
                .body("{\"hostname\":\"peer7\",\"address\":\"peer1\",\"port\":99999,\"token\":null}")
                .post("/peers").then().statusCode(400);
        cluster.api().given().contentType("application/json").body("{not json")
                .post("/peers").then().statusCode(400);
        assertThat(oversizedAnnounce()).as("a 10 MB body is refused").isEqualTo(413);

        // The peer's control API, from inside its container (it listens on loopback only).
        // As the daemon's user, with the secret the daemon wrote for its shell.
        String control = "curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' "
                + "-H \"Authorization: Bearer $(cat ~/.peershare/control-7071.secret)\" http://127.0.0.1:7071/control/v1";
        Shell.Result publish = cluster.sh(cluster.peer("peer1"), control
                + "/publish -d '{\"localPath\":\"/tmp/small.txt\",\"name\":\"../x\",\"replace\":false}'");
        assertThat(publish.stdout().strip()).as(publish.toString()).isEqualTo("400");
        Shell.Result fetch = cluster.sh(cluster.peer("peer1"), control + "/fetches -d '{\"name\":\"a/b\",\"sha256\":null}'");
        assertThat(fetch.stdout().strip()).as(fetch.toString()).isEqualTo("400");
        assertPeer1StillServes();
    }

    @Test
    @Order(6)
    void theTransferRunningMeanwhileEndsIntact() throws Exception {
        assertThat(transfer.isDone()).as("the transfer was still running after the bad-input cases").isFalse();
        Shell.Result result = transfer.get();
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(cluster.sha256(cluster.peer("peer2"), Cluster.REPOSITORY + "/large.bin")).isEqualTo(largeSha);
    }

    /**
     * PUTs a 10 MB JSON body (the tracker's limit is 8 MB) with {@code Expect: 100-continue}, so the tracker
     * can refuse it from the headers alone instead of the client writing into a closed connection.
     */
    private static int oversizedAnnounce() throws Exception {
        String body = "{\"files\":[" + "0,".repeat(5_000_000) + "0]}";
        HttpRequest request = HttpRequest.newBuilder(URI.create(cluster.trackerUrl() + "/api/v1/peers/peer1/files"))
                .expectContinue(true)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }

    private static void assertRefused(Frames.Reply reply, ErrorCode expected) {
        assertThat(reply.closed()).as("the peer closes the connection: " + reply.transcript()).isTrue();
        List<Message> messages = reply.messages();
        // With unread garbage in its buffer, the peer's close may be a reset that drops the ERROR frame.
        if (!messages.isEmpty()) {
            assertThat(messages.getFirst()).isInstanceOf(ErrorMessage.class);
            assertThat(((ErrorMessage) messages.getFirst()).code()).isEqualTo(expected.code());
        }
    }

    private static void assertErrorFrame(Frames.Reply reply, ErrorCode expected) {
        assertThat(reply.closed()).as("the peer closes the connection: " + reply.transcript()).isTrue();
        assertThat(reply.messages()).as(reply.transcript()).hasSize(1);
        assertThat(reply.messages().getFirst()).isInstanceOf(ErrorMessage.class);
        ErrorMessage error = (ErrorMessage) reply.messages().getFirst();
        assertThat(error.code()).as(error.toString()).isEqualTo(expected.code());
        assertThat(error.message()).isNotBlank();
    }

    private static void assertPeer1StillServes() {
        assertThat(cluster.api().ping("peer1").alive()).as("peer1 still answers PING").isTrue();
    }
}
