package io.peershare.peer.control;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peershare.protocol.api.FileEntry;
import io.peershare.protocol.api.Problem;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** The shell's side of the control API: one method per endpoint, errors as {@link ControlException}. */
@RegisterForReflection(targets = {PeerStatus.class, PublishRequest.class, FetchRequest.class, FetchStatus.class,
        FileEntry.class, Problem.class})
public final class ControlClient {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final URI base;
    private final HttpClient http;

    public ControlClient(URI base) {
        this.base = URI.create(base.toString().replaceAll("/+$", ""));
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
    }

    public static ControlClient forPort(int port) {
        return new ControlClient(URI.create("http://127.0.0.1:" + port));
    }

    /** "127.0.0.1:7071", for messages. */
    public String authority() {
        return base.getAuthority();
    }

    public PeerStatus status() throws ControlException {
        return read(send("GET", "/control/v1/status", null), PeerStatus.class);
    }

    public List<FileEntry> files() throws ControlException {
        return List.of(read(send("GET", "/control/v1/files", null), FileEntry[].class));
    }

    /** The published entry, and whether it was new (201) rather than already there (200). */
    public record Published(FileEntry entry, boolean created) {
    }

    public Published publish(PublishRequest request) throws ControlException {
        HttpResponse<byte[]> response = send("POST", "/control/v1/publish", request);
        return new Published(read(response, FileEntry.class), response.statusCode() == 201);
    }

    public FetchStatus startFetch(FetchRequest request) throws ControlException {
        return read(send("POST", "/control/v1/fetches", request), FetchStatus.class);
    }

    public FetchStatus fetch(String id) throws ControlException {
        return read(send("GET", "/control/v1/fetches/" + id, null), FetchStatus.class);
    }

    private HttpResponse<byte[]> send(String method, String path, Object body) throws ControlException {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(Duration.ofMinutes(10)) // publish of a large file copies and hashes it before answering
                    .header("Accept", "application/json");
            if (body != null) {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (ConnectException e) {
            throw new ControlException(ControlException.UNREACHABLE, "connection refused");
        } catch (IOException e) {
            throw new ControlException(ControlException.UNREACHABLE, e.getMessage() == null ? e.toString() : e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControlException(ControlException.UNREACHABLE, "interrupted");
        }
    }

    private static <T> T read(HttpResponse<byte[]> response, Class<T> type) throws ControlException {
        try {
            if (response.statusCode() >= 300) {
                Problem problem = JSON.readValue(response.body(), Problem.class);
                throw new ControlException(response.statusCode(), problem.detail() != null ? problem.detail() : problem.title());
            }
            return JSON.readValue(response.body(), type);
        } catch (IOException e) {
            throw new ControlException(response.statusCode(), "the daemon sent an unreadable answer (HTTP "
                    + response.statusCode() + "): " + e.getMessage());
        }
    }
}
