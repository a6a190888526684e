package io.peershare.tracker.api;

import io.peershare.tracker.Api;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Input nobody sane sends, on every endpoint and every path parameter: the tracker answers each with a 4xx
 * problem+json naming the problem, never a 500, an empty error, or a stack trace.
 */
@QuarkusTest
class BadInputTest {

    static final String PROBLEM = "application/problem+json";

    /** Every endpoint with its method; {h} and {n} are replaced by the value under test. */
    static final List<String[]> ENDPOINTS = List.of(
            new String[]{"GET", "/api/v1/peers/{h}"},
            new String[]{"DELETE", "/api/v1/peers/{h}"},
            new String[]{"PUT", "/api/v1/peers/{h}/heartbeat"},
            new String[]{"GET", "/api/v1/peers/{h}/files"},
            new String[]{"PUT", "/api/v1/peers/{h}/files"},
            new String[]{"POST", "/api/v1/peers/{h}/files"},
            new String[]{"DELETE", "/api/v1/peers/{h}/files/{n}"},
            new String[]{"GET", "/api/v1/peers/{h}/discover"},
            new String[]{"POST", "/api/v1/peers/{h}/ping"},
            new String[]{"GET", "/api/v1/files/{n}/sources"});

    /** Raw (already encoded) path segments an attacker might try. */
    static final List<String> ODD_SEGMENTS = List.of("%00", "a%00b", "%2F", "..", "%2e%2e", "%C0%AF", "%FF%FE",
            "%E2%80%AE", "%0D%0A", "%20", "%F0%9F%98%80", "x".repeat(300), "y".repeat(1500), "CON", "%25", "a;b=c", "-",
            "%5C..%5C", "été");

    /**
     * Percent-encodings that do not decode: Quarkus' HTTP layer refuses the request line itself (400, empty body,
     * connection closed) before any route or mapper runs; the test holds it to that, never a 5xx.
     */
    static final List<String> UNDECODABLE_SEGMENTS = List.of("%zz", "%", "a%2");

    @Test
    void shouldAnswerEveryOddPathParameterOnEveryEndpointWithAProblemOrASuccess() throws IOException {
        List<String> failures = new ArrayList<>();
        for (String[] endpoint : ENDPOINTS) {
            for (String segment : ODD_SEGMENTS) {
                String path = endpoint[1].replace("{h}", segment).replace("{n}", segment);
                RawAnswer answer = raw(endpoint[0], path, endpoint[0].startsWith("P") ? "{\"files\":[]}" : null,
                        "application/json");
                String problem = problemIn(answer);
                if (problem != null) {
                    failures.add(endpoint[0] + " " + path.substring(0, Math.min(80, path.length())) + " → " + problem);
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void shouldRefuseUndecodablePathsAtTheHttpLayerWithA400() throws IOException {
        for (String[] endpoint : ENDPOINTS) {
            for (String segment : UNDECODABLE_SEGMENTS) {
                String path = endpoint[1].replace("{h}", segment).replace("{n}", segment);
                assertThat(raw(endpoint[0], path, (String) null, null).status()).as(path).isEqualTo(400);
            }
        }
    }

    @Test
    void shouldAnswerMalformedJsonWrongTypesAndOddBodiesWithA400Problem() throws IOException {
        String peer = Api.unique("bodies");
        String token = Api.register(peer);
        List<String> bodies = List.of("", "{", "{\"hostname\":", "[]", "null", "42", "\"x\"", "{\"hostname\":5,\"port\":\"x\"}",
                "{\"hostname\":{\"a\":1},\"address\":[],\"port\":1e400}", "{\"port\":99999999999999999999}",
                "{\"files\":{}}", "{\"files\":[null]}", "{\"files\":[{\"name\":1,\"size\":\"big\",\"sha256\":true}]}",
                "{\"files\":[{\"name\":\"a\",\"size\":-1,\"sha256\":\"zz\"}]}", "\uFEFF{}", "{\"a\":1}garbage",
                "[".repeat(100_000), "{\"a\":".repeat(50_000));
        List<String> failures = new ArrayList<>();
        for (String body : bodies) {
            for (String[] call : List.of(new String[]{"POST", "/api/v1/peers"},
                    new String[]{"PUT", "/api/v1/peers/" + peer + "/files"},
                    new String[]{"POST", "/api/v1/peers/" + peer + "/files"})) {
                RawAnswer answer = raw(call[0], call[1], body, "application/json", "Authorization: Bearer " + token);
                String problem = problemIn(answer);
                if (problem != null || answer.status() != 400) {
                    failures.add(call[0] + " " + call[1] + " " + body.substring(0, Math.min(40, body.length()))
                            + " → " + answer.status() + " " + (problem == null ? "" : problem));
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void shouldAnswerInvalidUtf8InABodyWithA400Problem() throws IOException {
        byte[] body = "{\"hostname\":\"a\u0000\",\"address\":\"127.0.0.1\",\"port\":1}".getBytes(StandardCharsets.UTF_8);
        byte[] invalid = new byte[body.length + 2];
        System.arraycopy(body, 0, invalid, 0, body.length);
        invalid[14] = (byte) 0xC3; // a lead byte followed by a non-continuation byte
        invalid[15] = (byte) 0x28;
        RawAnswer answer = rawBytes("POST", "/api/v1/peers", invalid, "application/json");

        assertThat(problemIn(answer)).isNull();
        assertThat(answer.status()).isEqualTo(400);
    }

    @Test
    void shouldAnswerABodyOverTheLimitWithA413Problem() throws IOException {
        byte[] huge = new byte[9 * 1024 * 1024];
        java.util.Arrays.fill(huge, (byte) ' ');
        RawAnswer answer = rawBytes("POST", "/api/v1/peers", huge, "application/json");

        assertThat(answer.status()).isEqualTo(413);
        assertThat(problemIn(answer)).isNull();
        assertThat(answer.body()).contains("8");
    }

    @Test
    void shouldRefuseAChunkedBodyWithA411Problem() throws IOException {
        byte[] chunk = new byte[1 << 20];
        java.util.Arrays.fill(chunk, (byte) ' ');
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), io.restassured.RestAssured.port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/peers HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            try {
                for (int i = 0; i < 10; i++) {
                    out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException e) {
                // refused and closed before the end of the body: read the answer
            }
            RawAnswer answer = parse("chunked", socket.getInputStream());

            assertThat(answer.status()).isEqualTo(411); // before: an empty 413 once 8 MiB had been read
            assertThat(problemIn(answer)).isNull();
        }
    }

    @Test
    void shouldAnswerUnknownMethodsAndMediaTypesWithAProblem() throws IOException {
        List<String> failures = new ArrayList<>();
        for (RawAnswer answer : List.of(
                raw("PATCH", "/api/v1/peers", "{}", "application/json"),
                raw("FOO", "/api/v1/files", (String) null, null),
                raw("POST", "/api/v1/files", "{}", "application/json"),
                raw("POST", "/api/v1/peers", "hostname=a", "application/x-www-form-urlencoded"),
                raw("POST", "/api/v1/peers", "<a/>", "text/xml"),
                raw("POST", "/api/v1/peers", "{}", "application/json; charset=klingon"),
                raw("POST", "/api/v1/peers", "{}", "]]]"),
                raw("GET", "/api/v1/files?q=" + "*".repeat(1100), (String) null, null),
                raw("GET", "/api/v1/files?q=%FF%00", (String) null, null),
                raw("GET", "/api/v1/files/a/sources?limit=1e99", (String) null, null),
                raw("GET", "/api/v1/files/a/sources?limit=-1&limit=2", (String) null, null),
                raw("GET", "/api/v1/files/a/sources?sha256=%00", (String) null, null),
                raw("GET", "/api/v1/nothing-here", (String) null, null))) {
            String problem = problemIn(answer);
            if (problem != null) {
                failures.add(answer.request() + " → " + problem);
            }
        }
        assertThat(failures).isEmpty();
    }

    // ---- helpers: raw HTTP/1.1 over a socket, so the bytes on the wire are exactly what the test says

    record RawAnswer(String request, int status, String head, String body) {
    }

    /** Null when the answer is acceptable: below 500, and any error a problem+json without a stack trace. */
    static String problemIn(RawAnswer answer) {
        if (answer.status() >= 500 || answer.status() == 0) {
            return "status " + answer.status() + " " + answer.body().substring(0, Math.min(200, answer.body().length()));
        }
        if (answer.status() >= 400 && !answer.head().toLowerCase().contains("content-type: " + PROBLEM)) {
            return "status " + answer.status() + " without problem+json: " + answer.head().replace("\r\n", " | ");
        }
        if (answer.body().contains("Exception") || answer.body().contains("\tat ") || answer.body().contains("at io.")) {
            return "stack trace or exception name in the answer: " + answer.body().substring(0, Math.min(200, answer.body().length()));
        }
        return null;
    }

    static RawAnswer raw(String method, String path, String body, String contentType, String... headers) throws IOException {
        return rawBytes(method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8), contentType, headers);
    }

    static RawAnswer rawBytes(String method, String path, byte[] body, String contentType, String... headers) throws IOException {
        URI base = URI.create(io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), base.getPort())) {
            socket.setSoTimeout(30_000);
            StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                    .append("Host: localhost\r\nConnection: close\r\n");
            if (contentType != null) {
                head.append("Content-Type: ").append(contentType).append("\r\n");
            }
            for (String header : headers) {
                head.append(header).append("\r\n");
            }
            if (body != null) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            try {
                if (body != null) {
                    out.write(body);
                }
                out.flush();
            } catch (IOException e) {
                // the server may answer (413) and close before it has read the whole body; read its answer
            }
            return parse(method + " " + path, socket.getInputStream());
        }
    }

    private static RawAnswer parse(String request, InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try {
            in.transferTo(all);
        } catch (IOException e) {
            // a reset after the answer: keep what arrived
        }
        String text = all.toString(StandardCharsets.UTF_8);
        int split = text.indexOf("\r\n\r\n");
        String head = split < 0 ? text : text.substring(0, split);
        String body = split < 0 ? "" : text.substring(split + 4);
        int status = 0;
        if (head.startsWith("HTTP/1.1 ")) {
            status = Integer.parseInt(head.substring(9, 12));
        }
        return new RawAnswer(request, status, head, body);
    }

}
