package io.peershare.peer.control;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peershare.protocol.api.FileEntry;
import io.peershare.protocol.api.Problem;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The shell's side of the control API: one method per endpoint, errors as {@link ControlException}.
 *
 * <p>Over {@link HttpURLConnection}, not the JDK's HttpClient: the control API is plain HTTP on loopback, and
 * HttpClient's start-up (its selector thread and a default TLS context) costs a one-shot shell command about
 * 0.2 s of its run.
 *
 * <p>Every request carries the daemon's secret ({@code Authorization: Bearer}), read from the
 * {@link ControlSecretFile} at each request, so a shell left open across a daemon restart picks up the new one.
 */
@RegisterForReflection(targets = {PeerStatus.class, PublishRequest.class, FetchRequest.class, FetchStatus.class,
        FileEntry.class, Problem.class})
public final class ControlClient {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private static final int CONNECT_TIMEOUT_MILLIS = 2000;
    /** A publish copies and hashes the file before answering, so reads may take long. */
    private static final int READ_TIMEOUT_MILLIS = (int) Duration.ofMinutes(10).toMillis();

    private final URI base;
    private final ControlSecretFile secretFile;

    public ControlClient(URI base, ControlSecretFile secretFile) {
        this.base = URI.create(base.toString().replaceAll("/+$", ""));
        this.secretFile = secretFile;
    }

    /** An answer: status and body. */
    private record Answer(int status, byte[] body) {
    }

    /** The daemon at {@code 127.0.0.1:port}, authenticated with the secret in {@code secretFile}. */
    public static ControlClient forPort(int port, ControlSecretFile secretFile) {
        return new ControlClient(URI.create("http://127.0.0.1:" + port), secretFile);
    }

    /** The daemon at {@code 127.0.0.1:port}, with the default secret file for that port. */
    public static ControlClient forPort(int port) {
        return forPort(port, ControlSecretFile.forPort(port));
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
        Answer answer = send("POST", "/control/v1/publish", request);
        return new Published(read(answer, FileEntry.class), answer.status() == 201);
    }

    public FetchStatus startFetch(FetchRequest request) throws ControlException {
        return read(send("POST", "/control/v1/fetches", request), FetchStatus.class);
    }

    /** The fetch's state once it has ended or after {@code wait}, whichever is first (a daemon that does not know wait answers at once). */
    public FetchStatus fetch(String id, Duration wait) throws ControlException {
        return read(send("GET", "/control/v1/fetches/" + id + "?wait=" + wait.toMillis(), null), FetchStatus.class);
    }

    private Answer send(String method, String path, Object body) throws ControlException {
        HttpURLConnection connection = null;
        String secretProblem = null;
        try {
            connection = (HttpURLConnection) URI.create(base + path).toURL().openConnection(Proxy.NO_PROXY);
            connection.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
            connection.setReadTimeout(READ_TIMEOUT_MILLIS);
            connection.setRequestMethod(method);
            connection.setRequestProperty("Accept", "application/json");
            try {
                connection.setRequestProperty("Authorization", "Bearer " + secretFile.read());
            } catch (IOException e) {
                // Sent without: a daemon that is not running says so better than a missing file; one that is running
                // answers 401, and the line then says why the shell had no secret.
                secretProblem = e.getMessage();
            }
            if (body != null) {
                byte[] json = JSON.writeValueAsBytes(body);
                connection.setDoOutput(true);
                connection.setRequestProperty("Content-Type", "application/json");
                connection.setFixedLengthStreamingMode(json.length);
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(json);
                }
            }
            int status = connection.getResponseCode();
            Answer answer;
            try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
                answer = new Answer(status, in == null ? new byte[0] : in.readAllBytes());
            }
            if (status == 401) {
                String detail = problemDetail(answer);
                throw new ControlException(401, secretProblem == null ? detail
                        : detail + "; the shell could not read it: " + secretProblem);
            }
            return answer;
        } catch (ConnectException e) {
            throw new ControlException(ControlException.UNREACHABLE, "connection refused");
        } catch (IOException e) {
            throw new ControlException(ControlException.UNREACHABLE, e.getMessage() == null ? e.toString() : e.getMessage());
        } finally {
            if (connection != null) {
                connection.disconnect();
            }
        }
    }

    /** Reads and writes the JSON the commands exchange, for the shell's class-data sharing archive. */
    public static void exercise() {
        try {
            String status = "{\"id\":\"x\",\"name\":\"a\",\"state\":\"DONE\",\"bytesDone\":1,\"totalBytes\":1,"
                    + "\"pieces\":1,\"piecesDone\":1,\"sources\":0,\"bytesBySource\":{\"p\":1},\"banned\":[],"
                    + "\"message\":\"m\",\"sha256\":\"s\"}";
            JSON.writeValueAsBytes(JSON.readValue(status, FetchStatus.class));
            JSON.readValue("{\"type\":\"t\",\"title\":\"t\",\"status\":404,\"detail\":\"d\"}", Problem.class);
            JSON.readValue("[{\"name\":\"a\",\"size\":1,\"sha256\":\"s\",\"manifest\":null,\"partial\":false}]", FileEntry[].class);
            JSON.writeValueAsBytes(new FetchRequest("a", null));
        } catch (IOException e) {
            throw new IllegalStateException("the shell's own JSON does not parse", e);
        }
    }

    private static String problemDetail(Answer answer) {
        try {
            Problem problem = JSON.readValue(answer.body(), Problem.class);
            return problem.detail() != null ? problem.detail() : problem.title();
        } catch (IOException | RuntimeException e) {
            return "the daemon refused the request (HTTP 401)";
        }
    }

    private static <T> T read(Answer answer, Class<T> type) throws ControlException {
        try {
            if (answer.status() >= 300) {
                Problem problem = JSON.readValue(answer.body(), Problem.class);
                throw new ControlException(answer.status(), problem.detail() != null ? problem.detail() : problem.title());
            }
            return JSON.readValue(answer.body(), type);
        } catch (IOException e) {
            throw new ControlException(answer.status(), "the daemon sent an unreadable answer (HTTP "
                    + answer.status() + "): " + e.getMessage());
        }
    }
}
