package io.peershare.it.population;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The population against a scripted tracker on loopback: how it counts answers and retries a 503. */
class PopulationTest {

    private static final Pattern TIMESTAMP = Pattern.compile("\"timestamp\":(\\d+)");

    private final HttpServer tracker;
    private final List<String> registrations = new CopyOnWriteArrayList<>();
    private final AtomicInteger busyAnswers = new AtomicInteger();

    PopulationTest() throws IOException {
        tracker = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        tracker.createContext("/api/v1/peers", this::answer);
        tracker.start();
    }

    @AfterEach
    void stop() {
        tracker.stop(0);
    }

    @Test
    void aRegistrationAnswered503IsSignedAnewAndRetriedAfterRetryAfter() throws Exception {
        busyAnswers.set(1);
        try (Population population = new Population(PopulationConfig.of(url(), 1, 1))) {
            long started = System.nanoTime();
            population.fill();

            assertThat((System.nanoTime() - started) / 1_000_000).as("waited Retry-After: 1 s").isGreaterThanOrEqualTo(1000);
            assertThat(population.registered.outcomes())
                    .containsExactlyInAnyOrderEntriesOf(java.util.Map.of("503 store-unreachable retried", 1L, "201", 1L));
            assertThat(population.registered.retries()).isEqualTo(1);
            assertThat(population.registered.succeeded()).isEqualTo(1);
            assertThat(population.announced.outcomes()).as("the token of the retried registration is used")
                    .containsExactlyEntriesOf(java.util.Map.of("204", 1L));
            assertThat(registrations).hasSize(2);
            assertThat(timestamp(registrations.get(1))).as("a retry is a new signed request, not a replay")
                    .isGreaterThan(timestamp(registrations.get(0)));
        }
    }

    @Test
    void a503ThatLastsIsTheAnswerAfterThreeRetries() throws Exception {
        busyAnswers.set(10);
        try (Population population = new Population(PopulationConfig.of(url(), 1, 1))) {
            population.fill();

            assertThat(population.registered.outcomes())
                    .containsExactlyInAnyOrderEntriesOf(java.util.Map.of("503 store-unreachable retried", 3L, "503", 1L));
            assertThat(population.registered.succeeded()).isZero();
            assertThat(population.announced.total()).as("no token, no announce").isZero();
        }
    }

    @Test
    void theProblemTypeIsTheLastSegmentOfItsUri() {
        assertThat(Population.problemType("{\"type\":\"urn:peershare:problem:store-unreachable\"}")).isEqualTo("store-unreachable");
        assertThat(Population.problemType("{\"type\":\"https://peershare.io/problems/probes-busy\",\"status\":503}"))
                .isEqualTo("probes-busy");
        assertThat(Population.problemType("<html><body><h1>503 Service Unavailable</h1></body></html>"))
                .isEqualTo("no problem body");
    }

    private URI url() {
        return URI.create("http://127.0.0.1:" + tracker.getAddress().getPort());
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if ("POST".equals(exchange.getRequestMethod())) {
            registrations.add(body);
            if (busyAnswers.getAndDecrement() > 0) {
                exchange.getResponseHeaders().add("Retry-After", "1");
                reply(exchange, 503, "{\"type\":\"urn:peershare:problem:store-unreachable\",\"status\":503}");
            } else {
                reply(exchange, 201, "{\"token\":\"t0k3n\",\"heartbeatInterval\":30}");
            }
        } else {
            boolean authorized = "Bearer t0k3n".equals(exchange.getRequestHeaders().getFirst("Authorization"));
            reply(exchange, authorized ? 204 : 401, "");
        }
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, status == 204 ? -1 : bytes.length);
        if (status != 204) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    private static long timestamp(String registration) {
        Matcher matcher = TIMESTAMP.matcher(registration);
        assertThat(matcher.find()).as(registration).isTrue();
        return Long.parseLong(matcher.group(1));
    }
}
