package io.peershare.it.local;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.http.Header;
import io.restassured.path.json.JsonPath;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** One peer daemon process with its own wire port, control port and repository, and its shell. */
final class LocalPeer {

    private final LocalCluster cluster;
    private final String hostname;
    private final int wirePort;
    private final int controlPort;
    private final Path repository;
    private DaemonProcess process;

    LocalPeer(LocalCluster cluster, String hostname, int wirePort, int controlPort, Path repository) {
        this.cluster = cluster;
        this.hostname = hostname;
        this.wirePort = wirePort;
        this.controlPort = controlPort;
        this.repository = repository;
    }

    void start() throws IOException {
        Files.createDirectories(repository);
        Map<String, String> env = Map.of(
                "PEER_HOSTNAME", hostname,
                "PEER_TRACKER_URL", cluster.trackerUrl(),
                "PEER_BIND_ADDRESS", "127.0.0.1",
                "PEER_PORT", Integer.toString(wirePort),
                "PEER_CONTROL_PORT", Integer.toString(controlPort),
                "PEER_CONTROL_SECRET_FILE", secretFile().toString(),
                "PEER_REPOSITORY", repository.toString());
        process = new DaemonProcess(hostname, LocalCluster.jar("peer"), env,
                cluster.work().resolve(hostname + ".log")).start();
    }

    String hostname() {
        return hostname;
    }

    int wirePort() {
        return wirePort;
    }

    Path repository() {
        return repository;
    }

    Path file(String name) {
        return repository.resolve(name);
    }

    ShellResult shell(String... args) throws IOException, InterruptedException {
        return LocalCluster.runShell(LocalCluster.jar("peer"), Map.of("PEER_CONTROL_PORT", Integer.toString(controlPort),
                "PEER_CONTROL_SECRET_FILE", secretFile().toString()), args);
    }

    /** Starts a fetch through the control API without waiting for it; returns its id. */
    String startFetch(String name) {
        return RestAssured.given().header(authorization()).contentType(ContentType.JSON).body(Map.of("name", name))
                .post(controlUrl() + "/fetches").then().statusCode(202).extract().path("id").toString();
    }

    JsonPath fetchStatus(String id) {
        return RestAssured.given().header(authorization()).get(controlUrl() + "/fetches/{id}", id).then().statusCode(200).extract().jsonPath();
    }

    /** Where the daemon writes its control API secret and the shell reads it (one file per peer of the cluster). */
    private Path secretFile() {
        return cluster.work().resolve(hostname + ".control.secret");
    }

    /** The control API's credential, as the shell sends it (the daemon writes the file once it listens). */
    private Header authorization() {
        try {
            return new Header("Authorization", "Bearer " + Files.readString(secretFile()).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("no control secret for " + hostname + " (is the daemon up?)", e);
        }
    }

    private String controlUrl() {
        return "http://127.0.0.1:" + controlPort + "/control/v1";
    }

    void stop() throws InterruptedException {
        if (process != null) {
            process.stop();
        }
    }

    void kill() throws InterruptedException {
        if (process != null) {
            process.kill();
        }
    }

    String logTail() {
        return process == null ? hostname + ": not started" : process.logTail();
    }
}
