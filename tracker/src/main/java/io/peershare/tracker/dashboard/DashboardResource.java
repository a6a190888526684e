package io.peershare.tracker.dashboard;

import io.peershare.protocol.api.Problem;
import io.peershare.tracker.registry.RegistryException;
import io.peershare.tracker.registry.RequestValidation;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code /dashboard}: the page (a Qute template; its script pages through the REST API and follows the stream),
 * the live stream of snapshots, and the round-trip times the page shows beside each peer (docs/dashboard.md).
 */
@Path("/dashboard")
@Tag(name = "dashboard", description = "The live web dashboard: peers, files and fetches in progress")
public class DashboardResource {

    /** A page of the peers table asks for its 50 hostnames; the REST API's largest peers page is 1000. */
    static final int MAX_ROUND_TRIPS = 1000;

    private final Dashboard dashboard;
    private final RoundTrips roundTrips;
    private final Template page;

    public DashboardResource(Dashboard dashboard, RoundTrips roundTrips, @Location("dashboard.html") Template page) {
        this.dashboard = dashboard;
        this.roundTrips = roundTrips;
        this.page = page;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The dashboard page", description = "HTML; its script and style are under /dashboard/.")
    public TemplateInstance page() {
        return page.data("summary", dashboard.snapshot().summary());
    }

    @GET
    @Path("snapshot")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The live snapshot", description = "What /dashboard/events sends each second, once.")
    public Snapshot snapshot() {
        return dashboard.snapshot();
    }

    @GET
    @Path("events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Follow the live snapshot", description = "Server-sent events: one snapshot (JSON) at once, "
            + "then one a second. At most tracker.dashboard.max-streams at once; one more is answered 503.")
    @APIResponse(responseCode = "200", description = "An event stream of snapshots",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(implementation = Snapshot.class)))
    @APIResponse(responseCode = "503", description = "Every stream slot is taken",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Multi<Snapshot> events() {
        AtomicBoolean closed = new AtomicBoolean();
        Multi<Snapshot> stream = Multi.createFrom().ticks().startingAfter(Duration.ofMillis(1)).every(Duration.ofSeconds(1))
                .onOverflow().drop() // a browser that reads slowly skips seconds instead of queueing them
                .map(tick -> dashboard.snapshot())
                .onTermination().invoke(() -> {
                    if (closed.compareAndSet(false, true)) {
                        dashboard.closeStream();
                    }
                });
        dashboard.openStream(); // last: nothing after it can fail and keep the slot
        return stream;
    }

    @GET
    @Path("round-trips")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Round-trip times", description = "The last round trip the tracker measured to each named "
            + "peer (a PING at registration or by ping), in milliseconds; peers never measured are left out.")
    @APIResponse(responseCode = "400", description = "More than 1000 hosts, or an invalid hostname",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Map<String, Double> roundTrips(@QueryParam("host") List<String> hosts) {
        if (hosts.size() > MAX_ROUND_TRIPS) {
            throw RegistryException.invalid("ask for at most " + MAX_ROUND_TRIPS + " hosts at once, got " + hosts.size());
        }
        Map<String, Double> millis = new LinkedHashMap<>();
        for (String host : hosts) {
            roundTrips.millis(RequestValidation.hostname(host)).ifPresent(rtt -> millis.put(host, rtt));
        }
        return millis;
    }
}
