package io.peershare.tracker.api;

import io.peershare.protocol.api.FileEntry;
import io.peershare.tracker.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static io.peershare.tracker.Api.sha;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * Every list is paged (docs/api.md, "Paging"): {@code limit} and an opaque {@code cursor}; the body stays a JSON
 * array and the next page is announced in {@code Link: <url>; rel="next"}, absent on the last page. Following
 * the links gives every item that stayed in the list exactly once, in order, while peers come and go.
 */
@QuarkusTest
class PagingResourceTest {

    static final String PROBLEM = "application/problem+json";
    static final Pattern NEXT = Pattern.compile("^<(/api/v1/[^>]+)>; rel=\"next\"$");

    /** One fetched page: its body and the URL of the next page (null on the last). */
    record Fetched(JsonPath body, String next) {
    }

    static Fetched fetch(String url) {
        Response response = given().urlEncodingEnabled(false).when().get(url);
        assertThat(response.statusCode()).as(url + ": " + response.asString()).isEqualTo(200);
        String link = response.header("Link");
        if (link == null) {
            return new Fetched(response.jsonPath(), null);
        }
        Matcher next = NEXT.matcher(link);
        assertThat(next.matches()).as("Link header " + link).isTrue();
        return new Fetched(response.jsonPath(), next.group(1));
    }

    /** Follows the pages from {@code first}, calling {@code between} with each page's body and next URL before fetching it. */
    static List<Fetched> walk(String first, BiConsumer<JsonPath, String> between) {
        List<Fetched> pages = new ArrayList<>();
        for (String url = first; url != null; ) {
            Fetched page = fetch(url);
            pages.add(page);
            if (page.next() != null) {
                between.accept(page.body(), page.next());
            }
            url = page.next();
        }
        return pages;
    }

    @Test
    void shouldListEveryPeerOnceInOrderAcrossPagesWhilePeersRegisterAndUnregister() {
        String prefix = Api.unique("pg");
        Map<String, String> tokens = new HashMap<>();
        List<String> initial = IntStream.range(10, 22).mapToObj(i -> prefix + "-" + i).toList();
        initial.forEach(h -> tokens.put(h, Api.register(h)));
        List<String> gone = new ArrayList<>();
        List<String> added = new ArrayList<>();
        int[] round = {0};

        List<Fetched> pages = walk("/api/v1/peers?limit=5", (body, next) -> {
            assertThat(next).startsWith("/api/v1/peers?limit=5&cursor=");
            List<String> page = body.getList("hostname");
            String last = page.getLast();
            if (last.compareTo(initial.getFirst()) < 0 || last.compareTo(initial.getLast()) >= 0) {
                return; // change things only while the walk is inside this test's peers
            }
            int k = round[0]++;
            String ahead = initial.get(initial.size() - 1 - k);
            if (ahead.compareTo(last) > 0) {
                given().header("Authorization", "Bearer " + tokens.get(ahead)).delete("/api/v1/peers/" + ahead)
                        .then().statusCode(204);
                gone.add(ahead);
            }
            Api.register(prefix + "-z" + k); // after every peer of this test: the walk meets it
            added.add(prefix + "-z" + k);
            Api.register(prefix + "-0" + k); // before the cursor: not in this walk
        });

        List<String> all = pages.stream().flatMap(p -> p.body().<String>getList("hostname").stream()).toList();
        assertThat(all).doesNotHaveDuplicates().isSorted();
        assertThat(pages).allSatisfy(p -> assertThat(p.body().getList("$")).hasSizeLessThanOrEqualTo(5));
        assertThat(pages.getLast().next()).isNull();
        List<String> expected = new ArrayList<>(initial);
        expected.removeAll(gone);
        expected.addAll(added);
        assertThat(round[0]).as("pages inside this test's peers").isGreaterThan(0);
        assertThat(all.stream().filter(h -> h.startsWith(prefix + "-")).toList()).containsExactlyElementsOf(expected);
    }

    @Test
    void shouldPageTheSearchKeepingThePatternAndSplittingOneNamesContentsAcrossPages() {
        String stem = Api.unique("pgfile");
        List<FileEntry> files = IntStream.range(10, 20).mapToObj(i -> new FileEntry(stem + "-" + i + ".txt", i, sha('1'))).toList();
        Api.peerHolding("pgs", files.toArray(FileEntry[]::new));
        Api.peerHolding("pgs", new FileEntry(stem + "-12.txt", 5, sha('2')), new FileEntry(stem + "-15.txt", 5, sha('3')));
        String holder = Api.unique("pgs");
        String token = Api.register(holder);
        List<String> added = new ArrayList<>();
        int[] round = {0};

        List<Fetched> pages = walk("/api/v1/files?q=" + stem + "-*&limit=3", (body, next) -> {
            assertThat(next).startsWith("/api/v1/files?q=" + stem + "-*&limit=3&cursor=");
            String name = stem + "-z" + round[0]++ + ".txt"; // after every name so far: the walk meets it
            Api.asPeer(token).body(new io.peershare.protocol.api.AnnounceRequest(List.of(new FileEntry(name, 1, sha('4')))))
                    .post("/api/v1/peers/" + holder + "/files").then().statusCode(204);
            added.add(name);
        });

        List<String> rows = pages.stream().flatMap(p -> p.body().<String>getList("name").stream()).toList();
        List<String> shas = pages.stream().flatMap(p -> p.body().<String>getList("sha256").stream()).toList();
        List<String> expected = new ArrayList<>();
        for (int i = 10; i < 20; i++) {
            expected.add(stem + "-" + i + ".txt");
            if (i == 12 || i == 15) {
                expected.add(stem + "-" + i + ".txt"); // its second content, listed right after the first
            }
        }
        expected.addAll(added);
        assertThat(rows).containsExactlyElementsOf(expected);
        assertThat(IntStream.range(0, rows.size()).mapToObj(i -> rows.get(i) + "/" + shas.get(i)).toList()).doesNotHaveDuplicates();
        assertThat(pages.getLast().next()).isNull();
        given().queryParam("q", stem + "-*").queryParam("limit", 1000).get("/api/v1/files").then().statusCode(200)
                .header("Link", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void shouldPageAPeersFilesByNameWithoutALinkOnTheLastPage() {
        String peer = Api.peerHolding("pgf", IntStream.range(0, 7).mapToObj(i -> new FileEntry("f" + i, i, sha('5')))
                .toArray(FileEntry[]::new));

        List<Fetched> pages = walk("/api/v1/peers/" + peer + "/files?limit=3", (body, next) -> { });

        assertThat(pages).hasSize(3);
        assertThat(pages.stream().flatMap(p -> p.body().<String>getList("name").stream()))
                .containsExactly("f0", "f1", "f2", "f3", "f4", "f5", "f6");
        assertThat(pages.getLast().next()).isNull();
        // unchanged for old clients: no parameters = the first page of up to 1000, here everything
        given().get("/api/v1/peers/" + peer + "/files").then().statusCode(200).header("Link", org.hamcrest.Matchers.nullValue())
                .body("size()", equalTo(7));
    }

    @Test
    void shouldStartAWalkOverEveryLiveHolderFromTheSampleLink() {
        String name = Api.unique("pgsrc") + ".iso";
        List<String> holders = IntStream.range(0, 7)
                .mapToObj(i -> Api.peerHolding("pgh", new FileEntry(name, 9, sha(i < 2 ? '6' : '7')))).sorted().toList();

        Fetched sample = fetch("/api/v1/files/" + name + "/sources?limit=2");
        assertThat(sample.body().<Integer>getList("completeSources")).containsExactlyInAnyOrder(5, 2);
        assertThat(sample.next()).as("the sample left holders out").startsWith("/api/v1/files/" + name + "/sources?limit=2&cursor=");
        List<Fetched> walked = walk(sample.next(), (body, next) -> { });

        // a page of the walk holds the next holders in hostname order, each in its content's group
        List<String> listed = walked.stream().flatMap(p -> hostnames(p).stream()).toList();
        assertThat(listed).containsExactlyElementsOf(holders);
        assertThat(walked).hasSize(4);
        assertThat(walked.getLast().next()).isNull();
        Fetched oneContent = fetch("/api/v1/files/" + name + "/sources?sha256=" + sha('6') + "&limit=1");
        assertThat(oneContent.next()).startsWith("/api/v1/files/" + name + "/sources?sha256=" + sha('6') + "&limit=1&cursor=");
        assertThat(walk(oneContent.next(), (body, next) -> { }).stream().flatMap(p -> hostnames(p).stream()).toList())
                .containsExactlyElementsOf(holders.stream().filter(h -> holds(h, sha('6'))).toList());
        given().get("/api/v1/files/" + name + "/sources?limit=50").then().statusCode(200).header("Link", org.hamcrest.Matchers.nullValue());
    }

    /** The holders a page of the walk lists, in hostname order. */
    private static List<String> hostnames(Fetched page) {
        return page.body().<List<String>>getList("sources.hostname").stream().flatMap(List::stream).sorted().toList();
    }

    private static boolean holds(String hostname, String sha) {
        return given().get("/api/v1/peers/" + hostname + "/files").jsonPath().<String>getList("sha256").contains(sha);
    }

    @Test
    void shouldAnswer400ProblemForACursorItDidNotGiveOrALimitOutOfRangeOnEveryList() {
        String peer = Api.peerHolding("pgbad", new FileEntry("x.txt", 1, sha('8')));
        Map<String, Integer> maxima = Map.of("/api/v1/peers", 1000, "/api/v1/files", 1000,
                "/api/v1/peers/" + peer + "/files", 10_000, "/api/v1/files/x.txt/sources", 200);
        String otherListsCursor = fetchCursor("/api/v1/peers?limit=1");
        maxima.forEach((path, max) -> {
            for (String bad : new String[]{"%21%21%21", "QUJD", otherListsCursor}) {
                if (path.equals("/api/v1/peers") && bad.equals(otherListsCursor)) {
                    continue;
                }
                given().urlEncodingEnabled(false).get(path + "?cursor=" + bad).then().statusCode(400).contentType(PROBLEM)
                        .body("detail", startsWith("cursor '"))
                        .body("detail", org.hamcrest.Matchers.containsString("follow the Link header"));
            }
            for (String bad : new String[]{"0", String.valueOf(max + 1), "abc", "-1"}) {
                given().get(path + "?limit=" + bad).then().statusCode(400).contentType(PROBLEM)
                        .body("detail", startsWith("limit must be a whole number from 1 to " + max + " (default "));
            }
            given().get(path + "?limit=" + max).then().statusCode(200);
        });
    }

    private static String fetchCursor(String url) {
        String next = fetch(url).next();
        assertThat(next).isNotNull();
        return next.substring(next.indexOf("cursor=") + "cursor=".length());
    }
}
