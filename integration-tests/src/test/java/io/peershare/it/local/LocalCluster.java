package io.peershare.it.local;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.awaitility.Awaitility;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A tracker and any number of peers on this machine, each a real process started from the built jars,
 * each peer with its own ports and repository folder. Short heartbeat/TTL so soft-state scenarios are quick.
 */
final class LocalCluster implements AutoCloseable {

    static final Duration HEARTBEAT = Duration.ofSeconds(1);
    static final Duration TTL = Duration.ofSeconds(4);
    static final Duration STARTUP = Duration.ofSeconds(60);

    private final Path work;
    private final int trackerPort = freePort();
    private final Map<String, LocalPeer> peers = new LinkedHashMap<>();
    private DaemonProcess tracker;

    LocalCluster(Path work) {
        this.work = work;
    }

    static Path projectRoot() {
        String configured = System.getProperty("peershare.root");
        Path root = configured != null ? Path.of(configured) : Path.of(System.getProperty("user.dir")).getParent();
        return root.toAbsolutePath().normalize();
    }

    static Path jar(String app) {
        Path jar = projectRoot().resolve(app).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build with `mvn -B verify` from the project root");
        }
        return jar;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String trackerUrl() {
        return "http://127.0.0.1:" + trackerPort;
    }

    Path work() {
        return work;
    }

    LocalCluster startTracker() throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(trackerPort));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("TRACKER_HEARTBEAT_INTERVAL", HEARTBEAT.toMillis() + "ms");
        env.put("TRACKER_PEER_TTL", TTL.toMillis() + "ms");
        // The identity book (hostname -> peer key) lives here, so a restart keeps it and runs do not share it.
        env.put("TRACKER_DATA_DIR", work.resolve("tracker-data").toString());
        tracker = new DaemonProcess("tracker", jar("tracker"), env, work.resolve("tracker.log")).start();
        Awaitility.await("tracker ready").atMost(STARTUP).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> RestAssured.get(trackerUrl() + "/q/health/ready").statusCode() == 200);
        return this;
    }

    /** SIGTERM then start again on the same port: the registry starts empty. */
    void restartTracker() throws Exception {
        tracker.stop();
        startTracker();
    }

    LocalPeer startPeer(String hostname) throws IOException {
        startPeers(hostname);
        return peer(hostname);
    }

    /** Starts every peer's process first, then waits for each to be live: the JVMs boot side by side. */
    void startPeers(String... hostnames) throws IOException {
        for (String hostname : hostnames) {
            LocalPeer peer = new LocalPeer(this, hostname, freePort(), freePort(), work.resolve(hostname));
            peers.put(hostname, peer);
            peer.start();
        }
        for (String hostname : hostnames) {
            awaitLive(hostname);
        }
    }

    LocalPeer peer(String hostname) {
        return peers.get(hostname);
    }

    /** Waits until the tracker lists {@code hostname} as a live peer. */
    void awaitLive(String hostname) {
        Awaitility.await(hostname + " live at the tracker").atMost(STARTUP).pollInterval(Duration.ofMillis(200))
                .ignoreExceptions().until(() -> peerView(hostname).getBoolean("live"));
    }

    JsonPath peerView(String hostname) {
        var response = RestAssured.get(trackerUrl() + "/api/v1/peers/{h}", hostname);
        if (response.statusCode() != 200) {
            throw new IllegalStateException(hostname + " unknown: " + response.statusCode());
        }
        return response.jsonPath();
    }

    /** Host names of the live peers that the tracker gives as sources of {@code name}. */
    List<String> sourcesOf(String name) {
        var response = RestAssured.given().urlEncodingEnabled(true).get(trackerUrl() + "/api/v1/files/{n}/sources", name);
        if (response.statusCode() == 404) {
            return List.of();
        }
        return response.jsonPath().getList("sources.hostname.flatten()", String.class);
    }

    ShellResult trackerShell(String... args) throws IOException, InterruptedException {
        return runShell(jar("tracker"), Map.of("TRACKER_URL", trackerUrl()), args);
    }

    static ShellResult runShell(Path jar, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(DaemonProcess.javaExecutable(), "-Dquarkus.profile=cli", "-jar", jar.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("shell", ".out");
        Path err = Files.createTempFile("shell", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(180, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("shell " + String.join(" ", args) + " did not finish in 180 s");
            }
            return new ShellResult(process.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    String logs() {
        StringBuilder all = new StringBuilder();
        if (tracker != null) {
            all.append(tracker.logTail()).append('\n');
        }
        peers.values().forEach(peer -> all.append(peer.logTail()).append('\n'));
        return all.toString();
    }

    @Override
    public void close() throws Exception {
        for (LocalPeer peer : peers.values()) {
            peer.stop();
        }
        if (tracker != null) {
            tracker.stop();
        }
    }
}
