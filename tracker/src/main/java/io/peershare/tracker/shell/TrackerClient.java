package io.peershare.tracker.shell;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peershare.protocol.api.ApiPaths;
import io.peershare.protocol.api.DiscoverResult;
import io.peershare.protocol.api.FileSummary;
import io.peershare.protocol.api.LinkHeader;
import io.peershare.protocol.api.PeerView;
import io.peershare.protocol.api.PingResult;
import io.peershare.protocol.api.Problem;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * The shell's client of the tracker REST API (java.net.http: the URL is a runtime option and the calls are
 * few). Failures become {@link ShellException}s with the contract's exit codes.
 */
public final class TrackerClient {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    // Long enough for the tracker's own probe (connect 2s + read 3s by default) to finish first.
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
    /** Entries asked per page of a list: the tracker's maximum for peers and files, the fewest round trips. */
    static final int PAGE = 1000;

    private final String baseUrl;
    private final ObjectMapper mapper;

    public TrackerClient(String baseUrl, ObjectMapper mapper) {
        this.baseUrl = normalize(baseUrl);
        this.mapper = mapper;
    }

    /** One answer of the tracker: its status, its {@code Link} headers (paging) and its body. */
    private record Answer(int status, List<String> links, String body) {
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** Every peer, a page at a time: {@code each} gets a page before the next is asked for. */
    public void peers(Consumer<List<PeerView>> each) {
        pages(ApiPaths.PEERS + "?limit=" + PAGE, new TypeReference<>() { }, each);
    }

    /** The first page of peers (at most {@value #PAGE}), for completion. */
    public List<PeerView> firstPeers() {
        return send("GET", ApiPaths.PEERS + "?limit=" + PAGE, new TypeReference<>() { });
    }

    /** Every file matching {@code glob} (null = all), a page at a time, as {@link #peers(Consumer)}. */
    public void files(String glob, Consumer<List<FileSummary>> each) {
        String query = glob == null ? "" : "q=" + URLEncoder.encode(glob, StandardCharsets.UTF_8).replace("+", "%20") + "&";
        pages(ApiPaths.FILES + "?" + query + "limit=" + PAGE, new TypeReference<>() { }, each);
    }

    /**
     * Follows the {@code Link: rel="next"} headers from {@code path} to the last page. One page in memory at a
     * time, so a list of millions prints as it arrives.
     */
    private <T> void pages(String path, TypeReference<List<T>> type, Consumer<List<T>> each) {
        URI next = uri(path);
        while (next != null) {
            Answer answer = exchange("GET", next);
            each.accept(decode(answer, type));
            next = LinkHeader.next(answer.links(), next).orElse(null);
        }
    }

    public DiscoverResult discover(String hostname) {
        return send("GET", ApiPaths.PEERS + "/" + segment(hostname) + "/discover", new TypeReference<>() { });
    }

    public PingResult ping(String hostname) {
        return send("POST", ApiPaths.PEERS + "/" + segment(hostname) + "/ping", new TypeReference<>() { });
    }

    /** Reads the JSON of every answer the commands read, for the shell's class-data sharing archive. */
    static void exercise(ObjectMapper mapper) {
        try {
            mapper.readValue("[{\"hostname\":\"a\",\"address\":\"127.0.0.1\",\"port\":1,\"live\":true,"
                    + "\"registeredAt\":\"2026-01-01T00:00:00Z\",\"lastSeen\":\"2026-01-01T00:00:01.5Z\",\"fileCount\":1}]",
                    new TypeReference<List<PeerView>>() { });
            mapper.readValue("[{\"name\":\"a\",\"size\":1,\"sha256\":\"s\",\"liveSources\":1,\"partialSources\":0}]",
                    new TypeReference<List<FileSummary>>() { });
            mapper.readValue("{\"hostname\":\"a\",\"origin\":\"live\",\"error\":null,\"files\":[{\"name\":\"a\","
                    + "\"size\":1,\"sha256\":\"s\",\"manifest\":null,\"partial\":false}],\"truncated\":false,\"totalFiles\":1}",
                    DiscoverResult.class);
            mapper.readValue("{\"hostname\":\"a\",\"address\":\"b\",\"port\":1,\"alive\":true,\"rttMillis\":0.5,\"error\":null}",
                    PingResult.class);
            mapper.readValue("{\"type\":\"t\",\"title\":\"t\",\"status\":404,\"detail\":\"d\",\"instance\":\"/i\"}",
                    Problem.class);
        } catch (IOException e) {
            throw new IllegalStateException("the shell's own JSON does not parse", e);
        }
    }

    private <T> T send(String method, String path, TypeReference<T> type) {
        return decode(exchange(method, uri(path)), type);
    }

    /**
     * Over {@link HttpURLConnection}, not java.net.http's HttpClient: a one-shot command makes one or two requests,
     * and HttpClient's start-up (a selector thread, a default TLS context even for http) cost each about 0.5 s.
     */
    private Answer exchange(String method, URI target) {
        HttpURLConnection connection = null;
        try {
            connection = (HttpURLConnection) target.toURL().openConnection(Proxy.NO_PROXY);
            connection.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
            connection.setReadTimeout((int) REQUEST_TIMEOUT.toMillis());
            connection.setRequestMethod(method);
            connection.setRequestProperty("Accept", "application/json");
            if ("POST".equals(method)) {
                connection.setDoOutput(true);
                connection.setFixedLengthStreamingMode(0);
            }
            int status = connection.getResponseCode();
            List<String> links = links(connection);
            try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
                String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
                return new Answer(status, links, body);
            }
        } catch (IOException e) {
            throw unreachable(reason(e));
        } finally {
            if (connection != null) {
                connection.disconnect();
            }
        }
    }

    /** The {@code Link} headers, whatever the case of their name (HttpURLConnection keeps the server's). */
    private static List<String> links(HttpURLConnection connection) {
        return connection.getHeaderFields().entrySet().stream()
                .filter(header -> LinkHeader.NAME.equalsIgnoreCase(header.getKey()))
                .flatMap(header -> header.getValue().stream())
                .toList();
    }

    private <T> T decode(Answer answer, TypeReference<T> type) {
        try {
            if (answer.status() / 100 == 2) {
                return mapper.readValue(answer.body(), type);
            }
            throw fromProblem(answer.status(), mapper.readValue(answer.body(), Problem.class));
        } catch (IOException e) {
            // Something answered, but not the tracker API: a wrong --url more often than a broken tracker.
            throw unreachable("HTTP " + answer.status() + " with a body that is not the tracker API's");
        }
    }

    private static ShellException fromProblem(int status, Problem problem) {
        String detail = problem.detail() == null ? "HTTP " + status : problem.detail();
        int code = switch (status) {
            case 400 -> ShellException.USAGE;
            case 404 -> ShellException.NOT_FOUND;
            default -> ShellException.FAILED;
        };
        return new ShellException(code, detail);
    }

    /** The useful exception is sometimes wrapped, with an empty message. */
    private static String reason(IOException e) {
        if (e instanceof java.net.ConnectException) {
            return "connection refused";
        }
        Throwable cause = e;
        while (cause.getMessage() == null && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof java.net.SocketTimeoutException) {
            return cause.getMessage() == null ? "timed out" : cause.getMessage();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    private ShellException unreachable(String reason) {
        return new ShellException(ShellException.UNREACHABLE, "cannot reach the tracker at " + baseUrl + ": " + reason
                + "; start it with `tracker daemon` or set TRACKER_URL");
    }

    private URI uri(String path) {
        try {
            return URI.create(baseUrl + path);
        } catch (IllegalArgumentException e) {
            throw new ShellException(ShellException.USAGE, "invalid tracker URL '" + baseUrl + "': " + e.getMessage());
        }
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String normalize(String url) {
        if (url == null || url.isBlank() || !(url.startsWith("http://") || url.startsWith("https://"))) {
            throw new ShellException(ShellException.USAGE, "invalid tracker URL '" + url
                    + "'; give one like http://127.0.0.1:8080 with --url or TRACKER_URL");
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
