package io.peershare.tracker.api;

import io.peershare.protocol.api.AnnounceRequest;
import io.peershare.protocol.api.ApiPaths;
import io.peershare.protocol.api.DiscoverResult;
import io.peershare.protocol.api.FileEntry;
import io.peershare.protocol.api.PeerView;
import io.peershare.protocol.api.PingResult;
import io.peershare.protocol.api.RegisterRequest;
import io.peershare.protocol.api.RegisterResponse;
import io.peershare.tracker.dashboard.LiveTransfers;
import io.peershare.tracker.probe.ProbeService;
import io.peershare.tracker.registry.PageSize;
import io.peershare.tracker.registry.Registration;
import io.peershare.tracker.registry.Registry;
import io.peershare.tracker.registry.RegistryException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.jboss.resteasy.reactive.RestResponse;
import jakarta.ws.rs.core.Response;
import io.peershare.protocol.api.Problem;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.Context;

import java.net.URI;
import java.util.List;

/** {@code /api/v1/peers}: registration, heartbeats and announcements (token-protected), and reads. */
@Path(ApiPaths.PEERS)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "peers", description = "Peers register, heartbeat and announce their files; anyone can read")
public class PeersResource {

    private static final String AUTH = ApiPaths.AUTHORIZATION;
    private static final Logger LOG = Logger.getLogger(PeersResource.class);

    private final Registry registry;
    private final Registration registration;
    private final ProbeService probes;
    private final ClientAddress clients;
    private final LiveTransfers transfers;

    public PeersResource(Registry registry, Registration registration, ProbeService probes, ClientAddress clients,
                         LiveTransfers transfers) {
        this.transfers = transfers;
        this.registry = registry;
        this.registration = registration;
        this.probes = probes;
        this.clients = clients;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register a peer", description = "Registers hostname at address:port and returns its token. "
            + "The request is signed with the peer's Ed25519 key; the hostname belongs to the first key that registers "
            + "it (docs/api.md). 409 when another key owns the name; 422 when the address is not the sender's or the "
            + "tracker cannot PING it; 503 when the tracker is full.")
    @APIResponse(responseCode = "201", description = "Registered; the body holds the token",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = RegisterResponse.class)))
    @APIResponse(responseCode = "400", description = "Invalid hostname, address, port or JSON",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "Bad signature, a timestamp too far from the tracker's clock, "
            + "or a replayed request",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Another peer's key owns this hostname",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "The address is not the sender's, or the tracker cannot PING "
            + "address:port",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "The tracker holds as many peers or hostnames as it may",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response register(RegisterRequest request, @Context HttpServerRequest http) {
        RegisterResponse response = registration.register(request,
                clients.of(http.remoteAddress().hostAddress(), http.getHeader("X-Forwarded-For")));
        return Response.created(URI.create(ApiPaths.PEERS + "/" + response.hostname())).entity(response).build();
    }

    @PUT
    @Path("{hostname}/heartbeat")
    @Operation(summary = "Heartbeat",
            description = "Marks the peer as seen now. 404 when the tracker does not know it: re-register and re-announce. "
                    + "The 204 says the interval to keep from now on (it grows with the tracker's live peers).")
    @APIResponse(responseCode = "204", description = "Seen",
            headers = @Header(name = ApiPaths.HEARTBEAT_INTERVAL, description = "milliseconds until the next heartbeat",
                    schema = @Schema(type = SchemaType.INTEGER)))
    @APIResponse(responseCode = "401", description = "No Bearer token",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Not this peer's token",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "Unknown peer: register again and re-announce",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response heartbeat(@PathParam("hostname") String hostname, @HeaderParam(AUTH) String authorization) {
        RegisterResponse seen = registration.heartbeat(hostname, Bearer.token(authorization));
        return Response.noContent().header(ApiPaths.HEARTBEAT_INTERVAL, seen.heartbeatIntervalMillis()).build();
    }

    @DELETE
    @Path("{hostname}")
    @Operation(summary = "Unregister", description = "Removes the peer and its files (clean shutdown).")
    public void unregister(@PathParam("hostname") String hostname, @HeaderParam(AUTH) String authorization) {
        registry.unregister(hostname, Bearer.token(authorization));
        transfers.forget(hostname);
        LOG.infof("%s unregistered", hostname);
    }

    @PUT
    @Path("{hostname}/files")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace the peer's file list", description = "The announced list becomes the peer's whole list. "
            + "Each entry: name, size, sha256, manifest (root of the piece manifest, 64 hex; absent from peers that "
            + "predate pieces), partial (true while the peer is fetching the file; default false).")
    @APIResponse(responseCode = "204", description = "Replaced")
    @APIResponse(responseCode = "400", description = "An invalid entry (name, size, sha256, manifest), a name twice, "
            + "too many files, or bad JSON; nothing is changed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public void replaceFiles(@PathParam("hostname") String hostname, @HeaderParam(AUTH) String authorization,
                             AnnounceRequest request) {
        registry.replaceFiles(hostname, Bearer.token(authorization), filesOf(request));
    }

    @POST
    @Path("{hostname}/files")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add or update files", description = "Adds these files to the peer's list, replacing same-named "
            + "entries: a peer announces a partial entry when it starts fetching and the complete one when it is done.")
    @APIResponse(responseCode = "204", description = "Added or updated")
    @APIResponse(responseCode = "400", description = "An invalid entry (name, size, sha256, manifest), a name twice, "
            + "more files than the limit per peer, or bad JSON; nothing is changed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public void addFiles(@PathParam("hostname") String hostname, @HeaderParam(AUTH) String authorization,
                         AnnounceRequest request) {
        registry.addFiles(hostname, Bearer.token(authorization), filesOf(request));
    }

    @DELETE
    @Path("{hostname}/files/{name}")
    @Operation(summary = "Withdraw a file", description = "Removes one name from the peer's list (also a partial entry "
            + "whose fetch failed); idempotent.")
    public void withdraw(@PathParam("hostname") String hostname, @PathParam("name") String name,
                         @HeaderParam(AUTH) String authorization) {
        registry.withdrawFile(hostname, Bearer.token(authorization), name);
    }

    @GET
    @Operation(summary = "List peers", description = "Registered peers, live or not, sorted by hostname; fileCount "
            + "counts every entry, partial ones too. Paged: at most limit peers, the next page in the Link header "
            + "(rel=\"next\"), absent on the last page.")
    @APIResponse(responseCode = "200", description = "A page of peers, sorted by hostname",
            headers = @Header(name = PageLinks.LINK, description = "<url>; rel=\"next\" when there is a next page"),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = PeerView.class)))
    @APIResponse(responseCode = "400", description = "limit not from 1 to 1000, or a cursor this tracker did not give",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public RestResponse<List<PeerView>> peers(
            @Parameter(description = "peers per page, 1 to 1000", schema = @Schema(type = SchemaType.INTEGER,
                    defaultValue = "100", minimum = "1", maximum = "1000"))
            @QueryParam("limit") String limit,
            @Parameter(description = "from the Link header of the previous page") @QueryParam("cursor") String cursor,
            @Context UriInfo uri) {
        int size = PageSize.PEERS.parse(limit);
        return PageLinks.answer(registry.peers(cursor, size), uri, size);
    }

    @GET
    @Path("{hostname}")
    @Operation(summary = "One peer")
    public PeerView peer(@PathParam("hostname") String hostname) {
        return registry.peer(hostname).orElseThrow(() -> RegistryException.unknownPeer(hostname));
    }

    @GET
    @Path("{hostname}/files")
    @Operation(summary = "A peer's files (registry view)", description = "What the peer last announced, sorted by name, "
            + "complete and partial entries with their manifest roots. Paged: at most limit entries, the next page "
            + "in the Link header (rel=\"next\"), absent on the last page.")
    @APIResponse(responseCode = "200", description = "A page of the peer's files, sorted by name",
            headers = @Header(name = PageLinks.LINK, description = "<url>; rel=\"next\" when there is a next page"),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = FileEntry.class)))
    @APIResponse(responseCode = "400", description = "Invalid hostname, limit not from 1 to 10000, or a cursor this "
            + "tracker did not give",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public RestResponse<List<FileEntry>> files(
            @PathParam("hostname") String hostname,
            @Parameter(description = "entries per page, 1 to 10000", schema = @Schema(type = SchemaType.INTEGER,
                    defaultValue = "1000", minimum = "1", maximum = "10000"))
            @QueryParam("limit") String limit,
            @Parameter(description = "from the Link header of the previous page") @QueryParam("cursor") String cursor,
            @Context UriInfo uri) {
        int size = PageSize.PEER_FILES.parse(limit);
        return PageLinks.answer(registry.files(hostname, cursor, size)
                .orElseThrow(() -> RegistryException.unknownPeer(hostname)), uri, size);
    }

    @GET
    @Path("{hostname}/discover")
    @Operation(summary = "Discover a peer's files", description = "Asks the peer over the wire protocol (LIST); "
            + "when it does not answer, returns the registry's view with origin 'registry' and the reason.")
    public DiscoverResult discover(@PathParam("hostname") String hostname) {
        return probes.discover(hostname);
    }

    @POST
    @Path("{hostname}/ping")
    @Operation(summary = "Ping a peer", description = "The tracker PINGs the peer over the wire protocol. 200 whether "
            + "alive or not (alive, rttMillis or error); 404 for an unknown hostname.")
    public PingResult ping(@PathParam("hostname") String hostname) {
        return probes.ping(hostname);
    }

    private static List<FileEntry> filesOf(AnnounceRequest request) {
        if (request == null) {
            throw RegistryException.invalid("the request body is missing; send {\"files\":[…]}");
        }
        return request.files();
    }
}
