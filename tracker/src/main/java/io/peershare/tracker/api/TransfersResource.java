package io.peershare.tracker.api;

import io.peershare.protocol.api.ApiPaths;
import io.peershare.protocol.api.Problem;
import io.peershare.protocol.api.TransferReport;
import io.peershare.tracker.dashboard.LiveTransfers;
import io.peershare.tracker.dashboard.ReportValidation;
import io.peershare.tracker.registry.Registration;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code PUT /api/v1/peers/{hostname}/transfers}: a peer's running fetches, for the dashboard (docs/api.md). */
@Path(ApiPaths.PEERS + "/{hostname}/transfers")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "peers", description = "Peers register, heartbeat and announce their files; anyone can read")
public class TransfersResource {

    private final Registration registration;
    private final LiveTransfers transfers;

    public TransfersResource(Registration registration, LiveTransfers transfers) {
        this.registration = registration;
        this.transfers = transfers;
    }

    /**
     * The token is checked as a heartbeat checks it, by a heartbeat: a peer reporting its fetches is alive, and
     * the registry then needs no second way to check tokens. Authentication first, so a caller without the token
     * learns nothing from the validation; a refused report is not kept (its heartbeat still counts).
     */
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Report running fetches", description = "The peer's fetches running now and those that ended "
            + "since its last report, about once a second while any runs; the tracker keeps the latest report for "
            + "its dashboard, about 10 s. Also counts as a heartbeat. An empty list clears the peer's report.")
    @APIResponse(responseCode = "204", description = "Kept")
    @APIResponse(responseCode = "400", description = "More than 16 transfers or 64 flows, a bad name, hash, state, "
            + "bitfield or negative number, or bad JSON; nothing is kept",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No Bearer token",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Not this peer's token",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "Unknown peer: register again and re-announce",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public void report(@PathParam("hostname") String hostname, @HeaderParam(ApiPaths.AUTHORIZATION) String authorization,
                       TransferReport report) {
        registration.heartbeat(hostname, Bearer.token(authorization));
        transfers.record(hostname, ReportValidation.check(report));
    }
}
