package io.peershare.peer.control;

import io.peershare.peer.testing.ControlAuth;
import io.peershare.peer.testing.FakeTrackerResource;
import io.peershare.peer.testing.RawHttp;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever a client sends the control API (authenticated: the worst a local user of the daemon's own account can
 * do), the answer is a 4xx problem+json: never a 500, never a stack trace, never a hang.
 */
@QuarkusTest
@WithTestResource(FakeTrackerResource.class)
class ControlBadInputTest {

    private static RawHttp.Answer send(String method, String target, String contentType, byte[] body, String... headers)
            throws IOException {
        StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + RestAssured.port
                + "\r\nAuthorization: " + ControlAuth.header());
        if (contentType != null) {
            head.append("\r\nContent-Type: ").append(contentType);
        }
        if (body.length > 0 || method.equals("POST")) {
            head.append("\r\nContent-Length: ").append(body.length);
        }
        for (String header : headers) {
            head.append("\r\n").append(header);
        }
        return RawHttp.exchange(RestAssured.port, head.toString(), body);
    }

    private static RawHttp.Answer post(String target, String json) throws IOException {
        return send("POST", target, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    /** A 4xx problem+json without a trace of the code behind it. */
    private static void assertRefusedCleanly(String what, RawHttp.Answer answer) {
        assertThat(answer.status()).as(what + ": " + answer).isBetween(400, 499);
        assertThat(answer.contentType()).as(what + ": " + answer).startsWith("application/problem+json");
        assertThat(answer.body()).as(what).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("at io.")
                .doesNotContain("at java.").contains("\"detail\"");
        assertThat(answer.body().lines().count()).as(what + ": one line").isEqualTo(1);
    }

    /** Answered (any status but 5xx), and a refusal is a clean problem. */
    private static void assertAnsweredCleanly(String what, RawHttp.Answer answer) {
        assertThat(answer.status()).as(what + ": " + answer).isBetween(200, 499);
        if (answer.status() >= 400) {
            assertRefusedCleanly(what, answer);
        }
    }

    @Test
    void shouldAnswerMalformedJsonWithAProblem() throws IOException {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        List<String> both = List.of("{not json", "", "[]", "null", "\"a string\"", "42", "{\"name\":",
                "{\"name\":{\"a\":1}}", "{\"name\":[\"a\"]}", deep, "{\"name\":" + deep + "}",
                "{\"name\":\"" + "a".repeat(60_000) + "\"}", "{\"name\":\"a\\u0000b\"}", "{\"name\":\"\\ud800\"}");
        List<String> publish = List.of("{\"localPath\":\"/etc/\\u0000passwd\",\"name\":\"n.txt\"}",
                "{\"localPath\":\"relative/path\",\"name\":\"n.txt\"}", "{\"localPath\":\"/proc\",\"name\":\"n.txt\"}",
                "{\"localPath\":\"/dev/null\",\"name\":\"n.txt\"}", "{\"name\":\"n.txt\"}",
                "{\"localPath\":\"/etc/hostname\",\"name\":\"n.txt\",\"replace\":[]}");
        List<String> fetches = List.of("{\"name\":\"x\",\"sha256\":\"zz\"}", "{\"sha256\":null}",
                "{\"name\":\"x\",\"sha256\":\"" + "A".repeat(64) + "g\"}");
        for (String body : both) {
            assertRefusedCleanly("publish " + abbreviate(body), post("/control/v1/publish", body));
            assertRefusedCleanly("fetches " + abbreviate(body), post("/control/v1/fetches", body));
        }
        for (String body : publish) {
            assertRefusedCleanly("publish " + abbreviate(body), post("/control/v1/publish", body));
        }
        for (String body : fetches) {
            assertRefusedCleanly("fetches " + abbreviate(body), post("/control/v1/fetches", body));
        }
        // Well-formed but odd: answered as the request it is (fields of another endpoint ignored, a number for a
        // string taken as its text), never a 5xx.
        for (String body : List.of("{\"localPath\":12,\"name\":\"n.txt\"}", "{\"name\":\"odd-" + System.nanoTime() + "\"}}",
                "{\"name\":\"odd.bin\",\"extra\":[1,2,{\"x\":null}]}",
                "{\"localPath\":\"/etc/hostname\",\"name\":\"n.txt\",\"replace\":\"yes\"}")) {
            for (String target : List.of("/control/v1/publish", "/control/v1/fetches")) {
                assertAnsweredCleanly(target + " " + body, post(target, body));
            }
        }
    }

    @Test
    void shouldAnswerOddEncodingsAndMediaTypesWithAProblem() throws IOException {
        byte[] invalidUtf8 = {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '"', '}'};
        byte[] bom = ("\uFEFF{\"name\":\"a/b\"}").getBytes(StandardCharsets.UTF_8);
        byte[] utf16 = "{\"name\":\"a/b\"}".getBytes(StandardCharsets.UTF_16);
        List<RawHttp.Answer> answers = new ArrayList<>();
        for (String target : List.of("/control/v1/publish", "/control/v1/fetches")) {
            answers.add(send("POST", target, "application/json", invalidUtf8));
            answers.add(send("POST", target, "application/json", bom));
            answers.add(send("POST", target, "application/json; charset=UTF-16", utf16));
            answers.add(send("POST", target, "application/json; charset=nonsense-42", "{}".getBytes(StandardCharsets.UTF_8)));
            answers.add(send("POST", target, "text/plain", "{\"name\":\"a\"}".getBytes(StandardCharsets.UTF_8)));
            answers.add(send("POST", target, "application/xml", "<name>a</name>".getBytes(StandardCharsets.UTF_8)));
            answers.add(send("POST", target, null, "{\"name\":\"a/b\"}".getBytes(StandardCharsets.UTF_8)));
            answers.add(send("POST", target, "application/json", "{\"name\":\"a/b\"}".getBytes(StandardCharsets.UTF_8),
                    "Content-Encoding: gzip"));
            answers.add(send("PUT", target, "application/json", "{}".getBytes(StandardCharsets.UTF_8)));
            answers.add(send("DELETE", target, null, new byte[0]));
        }
        answers.add(send("GET", "/control/v1/status", null, new byte[0], "Accept: application/xml"));
        for (RawHttp.Answer answer : answers) {
            assertRefusedCleanly("odd encoding", answer);
        }
    }

    @Test
    void shouldRefuseHugeBodiesWithAProblemBeforeReadingThem() throws IOException {
        byte[] big = ("{\"name\":\"" + "a".repeat(200_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        RawHttp.Answer tooBig = send("POST", "/control/v1/fetches", "application/json", big);
        assertRefusedCleanly("200 kB body", tooBig);
        assertThat(tooBig.status()).isEqualTo(413);

        // Announces 10 GB and sends none of it: refused at once, not after waiting for the bytes.
        RawHttp.Answer claimed = RawHttp.exchange(RestAssured.port, "POST /control/v1/publish HTTP/1.1\r\nHost: 127.0.0.1:"
                + RestAssured.port + "\r\nAuthorization: " + ControlAuth.header()
                + "\r\nContent-Type: application/json\r\nContent-Length: 10000000000", new byte[0]);
        assertRefusedCleanly("10 GB announced", claimed);
        assertThat(claimed.status()).isEqualTo(413);

        RawHttp.Answer chunked = RawHttp.exchange(RestAssured.port, "POST /control/v1/fetches HTTP/1.1\r\nHost: 127.0.0.1:"
                + RestAssured.port + "\r\nAuthorization: " + ControlAuth.header()
                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked", "5\r\n{\"nam\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertRefusedCleanly("chunked", chunked);

        for (String length : List.of("-1", "abc", "99999999999999999999999")) {
            RawHttp.Answer odd = RawHttp.exchange(RestAssured.port, "POST /control/v1/fetches HTTP/1.1\r\nHost: 127.0.0.1:"
                    + RestAssured.port + "\r\nAuthorization: " + ControlAuth.header() + "\r\nContent-Length: " + length, new byte[0]);
            assertThat(odd.status()).as("Content-Length " + length + ": " + odd).isBetween(400, 499);
            assertThat(odd.body()).doesNotContain("Exception");
        }
    }

    @Test
    void shouldAnswerEveryOddPathOrQueryParameterWithAProblem() throws IOException {
        String id = ControlAuth.given().contentType("application/json").body("{\"name\":\"nobody-has-this-odd.bin\"}")
                .post("/control/v1/fetches").then().statusCode(202).extract().path("id");
        List<String> targets = List.of("/control/v1/fetches/%00", "/control/v1/fetches/%ff%fe",
                "/control/v1/fetches/..%2f..%2fetc%2fpasswd", "/control/v1/fetches/" + "x".repeat(2000),
                "/control/v1/fetches/%E2%80%AE", "/control/v1/fetches/a%0d%0aSet-Cookie:x",
                "/control/v1/fetches/" + id + "?wait=-1", "/control/v1/fetches/" + id + "?wait=1e3",
                "/control/v1/fetches/" + id + "?wait=99999999999999999999", "/control/v1/fetches/" + id + "?wait=0x10",
                "/control/v1/fetches/" + id + "?wait=%00", "/control/v1/fetches/" + id + "?wait=%20",
                "/control/v1/fetches/" + id + "?wait=30000.5",
                "/control/v1/fetches/" + id + "?wait=30001", "/control/v1/fetches/" + id + "?wait=%ff",
                "/control/v1/nothing-here", "/control/v2/status", "/control/v1/publish");
        for (String target : targets) {
            assertRefusedCleanly("GET " + abbreviate(target), send("GET", target, null, new byte[0]));
        }
        // A target that does not percent-decode is refused by Vert.x's router before any handler of ours can run:
        // an empty 400 (documented in docs/architecture.md), still neither a 500 nor a trace.
        for (String target : List.of("/control/v1/fetches/%", "/control/v1/fetches/" + id + "?wait=%", "/control/v1/%zz")) {
            RawHttp.Answer answer = send("GET", target, null, new byte[0]);
            assertThat(answer.status()).as(target).isBetween(400, 499);
            assertThat(answer.body()).doesNotContain("Exception").doesNotContain("\tat ");
        }
        assertAnsweredCleanly("dot segments", send("GET", "/%2e%2e/control/v1/status", null, new byte[0]));
        // Duplicated or empty wait: one value counts (the first), empty is no wait; both answer.
        assertThat(send("GET", "/control/v1/fetches/" + id + "?wait=0&wait=x", null, new byte[0]).status()).isLessThan(500);
        assertThat(send("GET", "/control/v1/fetches/" + id + "?wait=", null, new byte[0]).status()).isEqualTo(200);
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "…(" + text.length() + " chars)";
    }
}
