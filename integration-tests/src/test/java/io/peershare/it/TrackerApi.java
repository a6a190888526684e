package io.peershare.it;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.peershare.protocol.api.ApiPaths;
import io.peershare.protocol.api.DiscoverResult;
import io.peershare.protocol.api.FileEntry;
import io.peershare.protocol.api.FileSources;
import io.peershare.protocol.api.FileSummary;
import io.peershare.protocol.api.LinkHeader;
import io.peershare.protocol.api.PeerView;
import io.peershare.protocol.api.PingResult;
import io.restassured.RestAssured;
import io.restassured.config.ObjectMapperConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The tracker's REST API as the suites use it, through RestAssured on the tracker's mapped port. Reads map
 * to the {@code io.peershare.protocol.api} records; a 404 is an empty {@code Optional} or list.
 */
public final class TrackerApi {

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final RestAssuredConfig CONFIG = RestAssuredConfig.config()
            .objectMapperConfig(ObjectMapperConfig.objectMapperConfig().jackson2ObjectMapperFactory((type, charset) -> JSON));

    private final Supplier<String> baseUrl;

    TrackerApi(Supplier<String> baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** A request to the tracker, for the cases the typed methods do not cover (bad input, status codes). */
    public RequestSpecification given() {
        return RestAssured.given().config(CONFIG).baseUri(baseUrl.get()).basePath(ApiPaths.ROOT);
    }

    public boolean ready() {
        return RestAssured.given().baseUri(baseUrl.get()).get("/q/health/ready").statusCode() == 200;
    }

    /** Every peer: follows the tracker's pages (docs/api.md, "Paging"). */
    public List<PeerView> peers() {
        return all(given().queryParam("limit", 1000).get("/peers"), PeerView[].class);
    }

    public Optional<PeerView> peer(String hostname) {
        Response response = given().get("/peers/{hostname}", hostname);
        return response.statusCode() == 404 ? Optional.empty() : Optional.of(ok(response).as(PeerView.class));
    }

    /** The registry's view of a peer's files; empty when the tracker does not know the peer. */
    public List<FileEntry> files(String hostname) {
        Response response = given().queryParam("limit", 10_000).get("/peers/{hostname}/files", hostname);
        return response.statusCode() == 404 ? List.of() : all(response, FileEntry[].class);
    }

    /** Every content matching {@code glob}, all pages. */
    public List<FileSummary> search(String glob) {
        return all(given().queryParam("q", glob).queryParam("limit", 1000).get("/files"), FileSummary[].class);
    }

    /** The live sources of {@code name}, one entry per distinct content; empty on 404 (no live source). */
    public List<FileSources> sources(String name) {
        Response response = given().get("/files/{name}/sources", name);
        return response.statusCode() == 404 ? List.of() : List.of(ok(response).as(FileSources[].class));
    }

    /** Host names of the live peers holding {@code name} (any content). */
    public List<String> sourceHosts(String name) {
        return sources(name).stream().flatMap(s -> s.sources().stream()).map(s -> s.hostname()).sorted().toList();
    }

    public PingResult ping(String hostname) {
        return ok(given().post("/peers/{hostname}/ping", hostname)).as(PingResult.class);
    }

    public DiscoverResult discover(String hostname) {
        return ok(given().get("/peers/{hostname}/discover", hostname)).as(DiscoverResult.class);
    }

    /** The items of {@code first} and of every page after it, following the {@code Link: rel="next"} headers. */
    private <T> List<T> all(Response first, Class<T[]> type) {
        List<T> items = new ArrayList<>();
        Response page = first;
        while (true) {
            items.addAll(List.of(ok(page).as(type)));
            Optional<URI> next = LinkHeader.next(page.headers().getValues(LinkHeader.NAME), URI.create(baseUrl.get() + "/"));
            if (next.isEmpty()) {
                return items;
            }
            page = RestAssured.given().config(CONFIG).urlEncodingEnabled(false).get(next.get().toString());
        }
    }

    private static Response ok(Response response) {
        if (response.statusCode() / 100 != 2) {
            throw new AssertionError("tracker answered " + response.statusCode() + ": " + response.asString());
        }
        return response;
    }
}
