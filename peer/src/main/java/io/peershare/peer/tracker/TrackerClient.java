package io.peershare.peer.tracker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peershare.protocol.api.AnnounceRequest;
import io.peershare.protocol.api.ApiPaths;
import io.peershare.protocol.api.FileEntry;
import io.peershare.protocol.api.FileSources;
import io.peershare.protocol.api.FileSummary;
import io.peershare.protocol.api.Flow;
import io.peershare.protocol.api.LinkHeader;
import io.peershare.protocol.api.Problem;
import io.peershare.protocol.api.RegisterRequest;
import io.peershare.protocol.api.RegisterResponse;
import io.peershare.protocol.api.Source;
import io.peershare.protocol.api.Transfer;
import io.peershare.protocol.api.TransferReport;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;

/**
 * The tracker's REST API (docs/architecture.md, "Tracker REST API") over the JDK HTTP client: every call has
 * a connect and a request deadline, and every failure is a {@link TrackerException} with one clear line.
 */
@RegisterForReflection(targets = {RegisterRequest.class, RegisterResponse.class, AnnounceRequest.class, FileEntry.class,
        FileSources.class, Source.class, FileSummary.class, Problem.class, TransferReport.class, Transfer.class, Flow.class})
public final class TrackerClient {

    /** Entries asked per page of a list (the tracker's maximum for files): the fewest round trips. */
    static final int PAGE = 1000;

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final URI base;
    private final HttpClient http;
    private final Duration requestTimeout;

    public TrackerClient(URI base, Duration connectTimeout, Duration requestTimeout) {
        this.base = URI.create(base.toString().replaceAll("/+$", ""));
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout).build();
    }

    public URI base() {
        return base;
    }

    public RegisterResponse register(RegisterRequest request) throws TrackerException {
        return call("POST", ApiPaths.PEERS, null, request, RegisterResponse.class).orElseThrow();
    }

    /**
     * PUT: this peer is alive. Returns the interval the tracker asks for from now on (its
     * {@link ApiPaths#HEARTBEAT_INTERVAL} header, milliseconds); empty from a tracker that predates the header, or
     * when the value is not a positive number (keep the interval you have).
     */
    public OptionalLong heartbeat(String hostname, String token) throws TrackerException {
        String path = peerPath(hostname) + "/heartbeat";
        HttpResponse<byte[]> response = exchange("PUT", URI.create(base + path), token, null);
        decode("PUT", path, response, Void.class);
        return intervalOf(response.headers().firstValue(ApiPaths.HEARTBEAT_INTERVAL));
    }

    static OptionalLong intervalOf(Optional<String> header) {
        try {
            long millis = header.map(String::strip).map(Long::parseLong).orElse(0L);
            return millis > 0 ? OptionalLong.of(millis) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty(); // a tracker's garbage must not stop the heartbeats
        }
    }

    /**
     * PUT: the fetches this peer runs, for the tracker's dashboard (docs/api.md, "Transfers"). An older tracker
     * without the endpoint answers 404 {@code http-404} or 405: {@link TrackerException#noSuchEndpoint()}.
     */
    public void reportTransfers(String hostname, String token, TransferReport report) throws TrackerException {
        call("PUT", peerPath(hostname) + "/transfers", token, report, Void.class);
    }

    public void unregister(String hostname, String token) throws TrackerException {
        call("DELETE", peerPath(hostname), token, null, Void.class);
    }

    /** PUT: replaces the peer's whole file list at the tracker. */
    public void announceAll(String hostname, String token, List<FileEntry> files) throws TrackerException {
        call("PUT", peerPath(hostname) + "/files", token, new AnnounceRequest(files), Void.class);
    }

    /** POST: adds or updates these files. */
    public void announce(String hostname, String token, List<FileEntry> files) throws TrackerException {
        call("POST", peerPath(hostname) + "/files", token, new AnnounceRequest(files), Void.class);
    }

    public void withdraw(String hostname, String token, String name) throws TrackerException {
        call("DELETE", peerPath(hostname) + "/files/" + PathSegment.encode(name), token, null, Void.class);
    }

    /** The live sources of {@code name}, one {@link FileSources} per content; empty when the tracker says 404. */
    public List<FileSources> sources(String name, String sha256OrNull) throws TrackerException {
        String path = ApiPaths.FILES + "/" + PathSegment.encode(name) + "/sources"
                + (sha256OrNull == null ? "" : "?sha256=" + sha256OrNull);
        try {
            return List.of(call("GET", path, null, null, FileSources[].class).orElse(new FileSources[0]));
        } catch (TrackerException e) {
            if (e.status() == 404) {
                return List.of();
            }
            throw e;
        }
    }

    /**
     * The contents offered under names matching {@code glob} (the tracker's {@code *}/{@code ?} wildcards; null =
     * all), a page at a time in the tracker's order, following its {@code Link} headers while {@code more} returns
     * true for the page it was given. One page is in memory at a time.
     */
    public void files(String glob, Predicate<List<FileSummary>> more) throws TrackerException {
        String path = ApiPaths.FILES + "?" + (glob == null ? "" : "q=" + PathSegment.encode(glob) + "&") + "limit=" + PAGE;
        URI next = URI.create(base + path);
        while (next != null) {
            HttpResponse<byte[]> response = exchange("GET", next, null, null);
            List<FileSummary> page = List.of(decode("GET", next.getRawPath(), response, FileSummary[].class)
                    .orElse(new FileSummary[0]));
            if (!more.test(page)) {
                return;
            }
            next = LinkHeader.next(response.headers().allValues(LinkHeader.NAME), next).orElse(null);
        }
    }

    /** At most {@code max} of the contents matching {@code glob}, the first in the tracker's order. */
    public List<FileSummary> files(String glob, int max) throws TrackerException {
        List<FileSummary> found = new ArrayList<>();
        files(glob, page -> {
            found.addAll(page.subList(0, Math.min(page.size(), max - found.size())));
            return found.size() < max;
        });
        return found;
    }

    /** Whether the tracker lists {@code name} at all (any content, live holders or not): pages until found. */
    public boolean lists(String name) throws TrackerException {
        boolean[] found = {false};
        files(name, page -> {
            found[0] = page.stream().map(FileSummary::name).anyMatch(name::equals);
            return !found[0];
        });
        return found[0];
    }

    private static String peerPath(String hostname) {
        return ApiPaths.PEERS + "/" + PathSegment.encode(hostname);
    }

    private <T> Optional<T> call(String method, String path, String token, Object body, Class<T> answer)
            throws TrackerException {
        return decode(method, path, exchange(method, URI.create(base + path), token, body), answer);
    }

    private HttpResponse<byte[]> exchange(String method, URI target, String token, Object body) throws TrackerException {
        HttpRequest request = request(method, target, token, body);
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new TrackerException(TrackerException.UNREACHABLE, "cannot reach the tracker at " + base + ": "
                    + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrackerException(TrackerException.UNREACHABLE, "interrupted while calling the tracker", e);
        }
    }

    private static <T> Optional<T> decode(String method, String path, HttpResponse<byte[]> response, Class<T> answer)
            throws TrackerException {
        int status = response.statusCode();
        if (status >= 300) {
            Optional<Problem> problem = problem(response.body());
            String type = problem.map(Problem::type).orElse("");
            throw new TrackerException(status, type == null ? "" : type, "tracker answered " + status + " to " + method
                    + " " + path + ": " + problemDetail(problem, response.body()), null);
        }
        if (answer == Void.class || response.body().length == 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(response.body(), answer));
        } catch (IOException e) {
            throw new TrackerException(status, "tracker sent an unreadable answer to " + method + " " + path + ": "
                    + e.getMessage(), e);
        }
    }

    private HttpRequest request(String method, URI target, String token, Object body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(target)
                .timeout(requestTimeout)
                .header("Accept", "application/json");
        if (token != null) {
            builder.header(ApiPaths.AUTHORIZATION, ApiPaths.BEARER + token);
        }
        if (body == null) {
            return builder.method(method, HttpRequest.BodyPublishers.noBody()).build();
        }
        try {
            byte[] json = JSON.writeValueAsBytes(body);
            return builder.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(json)).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + body.getClass().getSimpleName(), e);
        }
    }

    private static Optional<Problem> problem(byte[] body) {
        try {
            return Optional.ofNullable(JSON.readValue(body, Problem.class));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // not a problem+json body: the raw text is shown instead
        }
    }

    private static String problemDetail(Optional<Problem> problem, byte[] body) {
        Optional<String> text = problem.map(p -> p.detail() != null ? p.detail() : p.title());
        if (text.isPresent()) {
            return text.get();
        }
        String firstLine = new String(body, StandardCharsets.UTF_8).strip().lines().findFirst().orElse("");
        return firstLine.isEmpty() ? "(no details)" : firstLine.substring(0, Math.min(200, firstLine.length()));
    }

    static String describe(Throwable e) {
        String kind = e instanceof java.net.ConnectException ? "connection refused"
                : e instanceof java.net.http.HttpTimeoutException ? "timed out" : null;
        String message = e.getMessage();
        if (kind != null) {
            return kind;
        }
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
