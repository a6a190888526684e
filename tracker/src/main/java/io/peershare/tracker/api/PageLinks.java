package io.peershare.tracker.api;

import io.peershare.tracker.registry.Page;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.RestResponse;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * A page as an HTTP answer: the items are the JSON array (as before paging, so old clients get the first
 * page), and the next page is an RFC 8288 {@code Link: <url>; rel="next"} header, absent on the last page.
 * The URL is root-relative: the request's own path and query with {@code limit} and {@code cursor} set, so it
 * resolves against whatever address the client used (a load balancer's too).
 */
final class PageLinks {

    static final String LINK = "Link";

    private PageLinks() {
    }

    static <T> RestResponse<List<T>> answer(Page<T> page, UriInfo uri, int limit) {
        RestResponse.ResponseBuilder<List<T>> ok = RestResponse.ResponseBuilder.ok(page.items());
        if (!page.isLast()) {
            ok.header(LINK, "<" + next(uri.getRequestUri(), limit, page.next()) + ">; rel=\"next\"");
        }
        return ok.build();
    }

    /**
     * The same with the items already written as {@code body}, and from Vert.x' request, whose path and query are
     * the raw strings the client sent: the sources answer (the hottest) then parses no {@link URI} (UriInfo builds
     * and parses the absolute one).
     */
    static RestResponse<byte[]> answer(Page<?> page, byte[] body, HttpServerRequest request, int limit) {
        RestResponse.ResponseBuilder<byte[]> ok = RestResponse.ResponseBuilder.ok(body);
        if (!page.isLast()) {
            ok.header(LINK, "<" + next(request.path(), request.query(), limit, page.next()) + ">; rel=\"next\"");
        }
        return ok.build();
    }

    /** The request's raw path and query (as the client encoded them), its limit and cursor replaced. */
    static String next(URI request, int limit, String cursor) {
        return next(request.getRawPath(), request.getRawQuery(), limit, cursor);
    }

    /** {@code rawPath} and {@code rawQuery} (null: none) as the client encoded them, limit and cursor replaced. */
    static String next(String rawPath, String query, int limit, String cursor) {
        List<String> kept = new ArrayList<>();
        if (query != null) {
            for (String parameter : query.split("&")) {
                String key = parameter.split("=", 2)[0];
                if (!parameter.isEmpty() && !key.equals("limit") && !key.equals("cursor")) {
                    kept.add(parameter);
                }
            }
        }
        kept.add("limit=" + limit);
        kept.add("cursor=" + cursor); // base64url: nothing to escape
        return rawPath + "?" + String.join("&", kept);
    }
}
