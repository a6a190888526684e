package io.peershare.tracker.api;

import io.peershare.protocol.api.ApiPaths;
import io.peershare.protocol.api.FileSources;
import io.peershare.protocol.api.FileSummary;
import io.peershare.tracker.registry.Page;
import io.peershare.tracker.registry.PageSize;
import io.peershare.tracker.registry.Registry;
import io.peershare.tracker.registry.RequestValidation;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.jboss.resteasy.reactive.RestResponse;
import io.peershare.protocol.api.Problem;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** {@code /api/v1/files}: what is shared, and by which live peers. */
@Path(ApiPaths.FILES)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "files", description = "Search shared files and find their sources")
public class FilesResource {

    private final Registry registry;

    public FilesResource(Registry registry) {
        this.registry = registry;
    }

    @GET
    @Operation(summary = "Search files", description = "One entry per distinct (name, sha256); q is a case-insensitive "
            + "glob with * and ?, absent = all. liveSources counts live peers holding the whole file, partialSources "
            + "live peers fetching it; size is the one most live holders announce. Paged: at most limit entries, "
            + "the next page in the Link header (rel=\"next\"), absent on the last page.")
    @APIResponse(responseCode = "200", description = "One entry per distinct (name, sha256), sorted by name "
            + "(case-insensitive), then sha256",
            headers = @Header(name = PageLinks.LINK, description = "<url>; rel=\"next\" when there is a next page"),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = FileSummary.class)))
    @APIResponse(responseCode = "400", description = "q longer than 1024 characters, limit not from 1 to 1000, "
            + "or a cursor this tracker did not give",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public RestResponse<List<FileSummary>> search(@Parameter(description = "glob: * any run of characters, ? one character")
                                                  @QueryParam("q") String glob,
                                                  @Parameter(description = "entries per page, 1 to 1000",
                                                          schema = @Schema(type = SchemaType.INTEGER, defaultValue = "100",
                                                                  minimum = "1", maximum = "1000"))
                                                  @QueryParam("limit") String limit,
                                                  @Parameter(description = "from the Link header of the previous page")
                                                  @QueryParam("cursor") String cursor,
                                                  @Context UriInfo uri) {
        int size = PageSize.FILES.parse(limit);
        return PageLinks.answer(registry.findFiles(glob, cursor, size), uri, size);
    }

    @GET
    @Path("{name}/sources")
    @Operation(summary = "Sources of a file", description = "Live peers holding the name, complete or partial (fetching "
            + "it), one entry per distinct (sha256, size, manifest), most holders first, then most complete holders. "
            + "completeSources and partialSources count every live holder of the entry; sources is a fresh random "
            + "sample of at most limit of them: complete holders take up to half of it, partial holders the rest. "
            + "404 when no live peer holds the name (with this sha256). When the sample leaves holders out, the Link "
            + "header (rel=\"next\") starts a walk over every live holder in hostname order, limit per page.")
    @APIResponse(responseCode = "200", description = "One entry per distinct announcement (sha256, size, manifest)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = FileSources.class)))
    @APIResponse(responseCode = "400", description = "Invalid name or sha256, limit not a whole number from 1 to 200, "
            + "or a cursor this tracker did not give",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No live peer holds this name (with this sha256)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    // On the event loop: an in-memory read of O(sample) work, with no I/O; the index's read lock waits only for
    // one peer's update in progress (O(its files)). Saves the hand-off to a worker thread on the hottest path.
    @NonBlocking
    // The body is written by SourcesJson, not Jackson: the schema above is what it writes.
    public RestResponse<byte[]> sources(
            @PathParam("name") String name,
            @Parameter(description = "only this content: 64 hex characters, either case")
            @QueryParam("sha256") String sha256,
            // A String, not an int: JAX-RS answers 404 to a query parameter it cannot convert; the registry says 400.
            @Parameter(description = "most sources listed per entry (with a cursor: holders per page), 1 to 200",
                    schema = @Schema(type = SchemaType.INTEGER, defaultValue = "50", minimum = "1", maximum = "200"))
            @QueryParam("limit") String limit,
            @Parameter(description = "from the Link header of the previous page: walks every live holder")
            @QueryParam("cursor") String cursor,
            @Context HttpServerRequest request) {
        int size = RequestValidation.limit(limit);
        Page<FileSources> page = registry.sources(name, sha256, cursor, size);
        return PageLinks.answer(page, SourcesJson.write(page.items()), request, size);
    }
}
