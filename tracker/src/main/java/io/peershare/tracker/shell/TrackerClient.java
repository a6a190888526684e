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
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
    private final HttpClient http;

    public TrackerClient(String baseUrl, ObjectMapper mapper) {
        this.baseUrl = normalize(baseUrl);
        this.mapper = mapper;
        // HTTP/1.1: the tracker speaks it, and java.net.http would otherwise try an h2c upgrade first.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .build();
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
            HttpResponse<String> response = exchange("GET", next);
            each.accept(decode(response, type));
            next = LinkHeader.next(response.headers().allValues(LinkHeader.NAME), next).orElse(null);
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

    private HttpResponse<String> exchange(String method, URI target) {
        HttpRequest request = HttpRequest.newBuilder(target)
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json")
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw unreachable(reason(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ShellException(ShellException.FAILED, "interrupted");
        }
    }

    private <T> T decode(HttpResponse<String> response, TypeReference<T> type) {
        try {
            if (response.statusCode() / 100 == 2) {
                return mapper.readValue(response.body(), type);
            }
            throw fromProblem(response.statusCode(), mapper.readValue(response.body(), Problem.class));
        } catch (IOException e) {
            // Something answered, but not the tracker API: a wrong --url more often than a broken tracker.
            throw unreachable("HTTP " + response.statusCode() + " with a body that is not the tracker API's");
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

    /** java.net.http often wraps the useful exception and leaves the message empty. */
    private static String reason(IOException e) {
        if (e instanceof java.net.ConnectException) {
            return "connection refused";
        }
        Throwable cause = e;
        while (cause.getMessage() == null && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof java.net.http.HttpConnectTimeoutException) {
            return "connect timed out";
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
