package io.peershare.peer.testing;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.peershare.protocol.api.AnnounceRequest;
import io.peershare.protocol.api.FileSources;
import io.peershare.protocol.api.FileSummary;
import io.peershare.protocol.api.Problem;
import io.peershare.protocol.api.RegisterRequest;
import io.peershare.protocol.api.ApiPaths;
import io.peershare.protocol.api.RegisterResponse;
import io.peershare.protocol.api.RegisterSignature;
import io.peershare.protocol.api.TransferReport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/** A small stand-in for the tracker's REST API on 127.0.0.1 (JDK HttpServer): scripted answers, recorded calls. */
public final class FakeTracker implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final HttpServer server;
    /** "METHOD /path", in arrival order. */
    public final List<String> calls = new CopyOnWriteArrayList<>();
    public final List<RegisterRequest> registrations = new CopyOnWriteArrayList<>();
    public final List<AnnounceRequest> announcements = new CopyOnWriteArrayList<>();
    public final Map<String, List<FileSources>> sources = new ConcurrentHashMap<>();
    /** Statuses to answer the next registrations with, before accepting them. */
    public final Queue<Integer> registerFailures = new ConcurrentLinkedQueue<>();
    public volatile long heartbeatMillis = 100;
    /** When set, each heartbeat's 204 carries it as Peershare-Heartbeat-Interval (null: no header, an older tracker). */
    public volatile String heartbeatHeader;
    /** Bodies of {@code PUT /peers/{hostname}/transfers}, in arrival order. */
    public final List<TransferReport> transferReports = new CopyOnWriteArrayList<>();
    /** Answer transfer reports as a tracker that predates them: 404 {@code http-404}, the unknown-path problem. */
    public volatile boolean transfersUnsupported;
    private final Map<String, Boolean> known = new ConcurrentHashMap<>();

    public FakeTracker() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/api/v1", this::handle);
        server.start();
    }

    /** What the real tracker checks first: the request is signed by the key it carries. */
    private static boolean signedByItsKey(RegisterRequest request) {
        try {
            return RegisterSignature.verify(RegisterSignature.publicKey(request.publicKey()), request);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Simulates a tracker restart: it no longer knows any peer. */
    public void forgetPeers() {
        known.clear();
    }

    public List<String> callsStartingWith(String prefix) {
        return calls.stream().filter(c -> c.startsWith(prefix)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            calls.add(method + " " + URLDecoder.decode(path, StandardCharsets.UTF_8));
            List<String> parts = new ArrayList<>();
            for (String part : path.substring("/api/v1/".length()).split("/")) {
                parts.add(URLDecoder.decode(part, StandardCharsets.UTF_8));
            }
            route(exchange, method, parts);
        }
    }

    private void route(HttpExchange exchange, String method, List<String> parts) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (parts.get(0).equals("peers")) {
            if (parts.size() == 1 && method.equals("POST")) {
                Integer failure = registerFailures.poll();
                if (failure != null) {
                    problem(exchange, failure, "scripted failure " + failure);
                    return;
                }
                RegisterRequest request = JSON.readValue(body, RegisterRequest.class);
                if (!signedByItsKey(request)) {
                    problem(exchange, 401, "the signature does not match the public key and the signed fields");
                    return;
                }
                registrations.add(request);
                known.put(request.hostname(), true);
                json(exchange, 201, new RegisterResponse(request.hostname(), "token-" + registrations.size(), heartbeatMillis, 3 * heartbeatMillis));
                return;
            }
            String host = parts.get(1);
            boolean transfers = parts.size() == 3 && parts.get(2).equals("transfers");
            if (transfers && transfersUnsupported) {
                problem(exchange, 404, "http-404", "Not Found: " + exchange.getRequestURI().getPath());
                return;
            }
            if (!known.containsKey(host) && !(method.equals("DELETE") && parts.size() == 2)) {
                problem(exchange, 404, "not-found", "unknown peer " + host);
                return;
            }
            if (parts.size() == 3 && parts.get(2).equals("files") && !method.equals("GET")) {
                announcements.add(JSON.readValue(body, AnnounceRequest.class));
            }
            if (transfers && method.equals("PUT")) {
                transferReports.add(JSON.readValue(body, TransferReport.class));
            }
            String interval = heartbeatHeader;
            if (interval != null && parts.size() == 3 && parts.get(2).equals("heartbeat")) {
                exchange.getResponseHeaders().add(ApiPaths.HEARTBEAT_INTERVAL, interval);
            }
            exchange.sendResponseHeaders(204, -1);
            return;
        }
        if (parts.get(0).equals("files")) {
            if (parts.size() == 1) {
                List<FileSummary> all = sources.values().stream().flatMap(List::stream)
                        .map(f -> new FileSummary(f.name(), f.size(), f.sha256(), f.sources().size())).toList();
                json(exchange, 200, all);
                return;
            }
            String sha = queryParam(exchange, "sha256");
            List<FileSources> found = sources.getOrDefault(parts.get(1), Collections.emptyList()).stream()
                    .filter(f -> sha == null || f.sha256().equals(sha)).filter(f -> !f.sources().isEmpty()).toList();
            if (found.isEmpty()) {
                problem(exchange, 404, "not-found", "no live peer holds " + parts.get(1));
            } else {
                json(exchange, 200, found);
            }
            return;
        }
        problem(exchange, 404, "http-404", "no such path");
    }

    private static String queryParam(HttpExchange exchange, String name) {
        String query = exchange.getRequestURI().getRawQuery();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith(name + "=")) {
                return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static void json(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void problem(HttpExchange exchange, int status, String detail) throws IOException {
        problem(exchange, status, "scripted", detail);
    }

    /** As the real tracker answers: {@code type} is {@code urn:peershare:problem:<slug>}. */
    private static void problem(HttpExchange exchange, int status, String slug, String detail) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(new Problem("urn:peershare:problem:" + slug, "error", status, detail, null));
        exchange.getResponseHeaders().add("Content-Type", Problem.MEDIA_TYPE);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
