package io.peershare.tracker;

import io.peershare.protocol.api.AnnounceRequest;
import io.peershare.protocol.api.FileEntry;
import io.peershare.protocol.api.RegisterRequest;
import io.peershare.protocol.api.TestPeerKey;
import io.quarkus.arc.Arc;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;

/**
 * Shared steps for {@code @QuarkusTest}s. All tests share one running tracker, so every test uses its own
 * hostnames and file names ({@link #unique}); peers point at one in-test wire server that answers PING.
 */
public final class Api {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final AtomicInteger STAMPS = new AtomicInteger();
    private static TestWireServer server;

    private Api() {
    }

    public static String unique(String prefix) {
        return prefix + "-" + COUNTER.incrementAndGet();
    }

    /** A wire server living for the whole test JVM; its file list is whatever the last test set. */
    public static synchronized TestWireServer server() {
        if (server == null) {
            try {
                server = new TestWireServer();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return server;
    }

    /** Registers {@code hostname} at 127.0.0.1:{@code port} with a new key and returns its token. */
    public static String register(String hostname, int port) {
        return register(TestPeerKey.generate(), hostname, port, null);
    }

    /** Registers {@code hostname} at 127.0.0.1:{@code port}, signed by {@code key}, and returns its token. */
    public static String register(TestPeerKey key, String hostname, int port, String token) {
        return given().contentType(ContentType.JSON)
                .body(signed(key, hostname, port, token))
                .when().post("/api/v1/peers")
                .then().statusCode(201)
                .extract().path("token");
    }

    /** A registration of {@code hostname} at 127.0.0.1:{@code port} signed by {@code key} at the tracker's clock. */
    public static RegisterRequest signed(TestPeerKey key, String hostname, int port, String token) {
        return key.register(hostname, "127.0.0.1", port, token, now());
    }

    /**
     * The tracker's clock (the {@link MutableClock} in {@code @QuarkusTest}s), plus one millisecond per call:
     * each registration of a key must be newer than its last one, and the test clock stands still.
     */
    public static long now() {
        return Arc.container().instance(MutableClock.class).get().millis() + STAMPS.incrementAndGet() % 60_000;
    }

    public static String register(String hostname) {
        return register(hostname, server().port());
    }

    public static void announce(String hostname, String token, FileEntry... files) {
        asPeer(token).body(new AnnounceRequest(List.of(files)))
                .when().put("/api/v1/peers/" + hostname + "/files")
                .then().statusCode(204);
    }

    /** A request as the peer holding {@code token} makes it: JSON body, Bearer token. */
    public static RequestSpecification asPeer(String token) {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + token);
    }

    /** Registers a new peer named after {@code prefix}, announces {@code files} and returns its hostname. */
    public static String peerHolding(String prefix, FileEntry... files) {
        String hostname = unique(prefix);
        announce(hostname, register(hostname), files);
        return hostname;
    }

    public static String sha(char c) {
        return String.valueOf(c).repeat(64);
    }
}
