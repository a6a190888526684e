package io.peershare.tracker.api;

import io.peershare.protocol.api.ApiPaths;
import io.peershare.protocol.api.FileSources;
import io.peershare.protocol.api.FileSummary;
import io.peershare.tracker.registry.Registry;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import io.peershare.protocol.api.Problem;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
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
            + "glob with * and ?, absent = all. liveSources counts live peers only.")
    public List<FileSummary> search(@QueryParam("q") String glob) {
        return registry.findFiles(glob);
    }

    @GET
    @Path("{name}/sources")
    @Operation(summary = "Sources of a file", description = "Live peers holding the name, one entry per content, most "
            + "sources first; sha256 restricts to one content. 404 when no live peer holds it.")
    @APIResponse(responseCode = "200", description = "One entry per distinct content",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = FileSources.class)))
    @APIResponse(responseCode = "400", description = "Invalid name or sha256",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No live peer holds this name (with this sha256)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<FileSources> sources(@PathParam("name") String name, @QueryParam("sha256") String sha256) {
        return registry.sources(name, sha256);
    }
}
