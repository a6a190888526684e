package io.peershare.peer.tracker;

import com.sun.net.httpserver.HttpServer;
import io.peershare.protocol.api.FileSummary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The peer's tracker client follows the tracker's pages (Link: rel="next") only as far as it needs. */
class TrackerClientPagingTest {

    HttpServer server;
    final List<String> asked = new CopyOnWriteArrayList<>();
    TrackerClient client;

    /** Three pages of two rows each: a0 a1 | b0 b1 | c0 c1, linked by cursors 2 and 3. */
    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/files", exchange -> {
            String query = exchange.getRequestURI().getRawQuery();
            asked.add(query);
            String page = query.contains("cursor=3") ? "c" : query.contains("cursor=2") ? "b" : "a";
            String body = "[" + row(page + "0") + "," + row(page + "1") + "]";
            if (!page.equals("c")) {
                String base = query.replaceAll("&cursor=.*", "");
                exchange.getResponseHeaders().add("Link", "</api/v1/files?" + base + "&cursor=" + (page.equals("a") ? 2 : 3)
                        + ">; rel=\"next\"");
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        client = new TrackerClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), Duration.ofSeconds(2),
                Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static String row(String name) {
        return "{\"name\":\"" + name + "\",\"size\":1,\"sha256\":\"" + "a".repeat(64) + "\",\"liveSources\":1,\"partialSources\":0}";
    }

    @Test
    void shouldFindANameOnALaterPageAndStopThere() throws TrackerException {
        assertThat(client.lists("b1")).isTrue();
        assertThat(asked).containsExactly("q=b1&limit=" + TrackerClient.PAGE, "q=b1&limit=" + TrackerClient.PAGE + "&cursor=2");
    }

    @Test
    void shouldFollowEveryPageWhenTheNameIsNowhere() throws TrackerException {
        assertThat(client.lists("zz")).isFalse();
        assertThat(asked).hasSize(3);
    }

    @Test
    void shouldAskNoMorePagesThanItNeedsForAFewNames() throws TrackerException {
        assertThat(client.files(null, 3)).extracting(FileSummary::name).containsExactly("a0", "a1", "b0");
        assertThat(asked).containsExactly("limit=" + TrackerClient.PAGE, "limit=" + TrackerClient.PAGE + "&cursor=2");
    }
}
