package io.peershare.peer.control;

import io.peershare.peer.PeerDaemon;
import io.peershare.peer.repository.IndexEntry;
import io.peershare.peer.repository.PublishResult;
import io.peershare.protocol.api.FileEntry;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.nio.file.InvalidPathException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** The loopback control API the shell talks to (docs/architecture.md, "Peer control API"). Thin: rules live in the services. */
@Path("/control/v1")
@Produces(MediaType.APPLICATION_JSON)
public class ControlResource {

    /** The longest a {@code GET /fetches/{id}?wait=} holds its answer: well inside the shell's read timeout. */
    static final long MAX_WAIT_MILLIS = 30_000;

    private final PeerDaemon daemon;

    ControlResource(PeerDaemon daemon) {
        this.daemon = daemon;
    }

    @GET
    @Path("/status")
    public PeerStatus status() {
        var config = daemon.config();
        return new PeerStatus(config.effectiveHostname(), config.effectiveAdvertisedAddress(), daemon.server().port(),
                config.trackerUrl(), daemon.session().registered(), daemon.repository().root().toString(),
                daemon.repository().size());
    }

    @GET
    @Path("/files")
    public List<FileEntry> files() {
        return daemon.repository().entries().stream().map(IndexEntry::toFileEntry).toList();
    }

    @POST
    @Path("/publish")
    public Response publish(PublishRequest request) {
        if (request == null) {
            throw new IllegalArgumentException("send a JSON body {localPath, name, replace}");
        }
        java.nio.file.Path local;
        try {
            local = request.localPath() == null ? null : java.nio.file.Path.of(request.localPath());
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("invalid local path: " + e.getMessage());
        }
        PublishResult result = daemon.repository().publish(local, request.name(), request.replace());
        Response.Status status = result.outcome() == PublishResult.Outcome.UNCHANGED ? Response.Status.OK : Response.Status.CREATED;
        return Response.status(status).entity(result.entry().toFileEntry()).build();
    }

    @POST
    @Path("/fetches")
    public Response startFetch(FetchRequest request) {
        if (request == null) {
            throw new IllegalArgumentException("send a JSON body {name, sha256}");
        }
        FetchStatus status = FetchStatus.of(daemon.fetcher().start(request.name(), request.sha256()));
        return Response.accepted(status).build();
    }

    /**
     * The state of a fetch; with {@code wait} (milliseconds, at most {@link #MAX_WAIT_MILLIS}) the answer comes
     * when the fetch ends or when the wait is over, whichever is first, so a client waiting for the end asks
     * once every few seconds instead of polling (eight shells polling five times a second cost a tenth of two
     * cores during a swarm fetch). Answered without holding a thread.
     */
    @GET
    @Path("/fetches/{id}")
    public CompletionStage<FetchStatus> fetch(@PathParam("id") String id, @QueryParam("wait") String waitMillis) {
        Duration wait = waitParameter(waitMillis);
        return daemon.fetcher().progress(id)
                .orElseThrow(() -> new NotFoundException("no fetch with id " + id + " (ids are forgotten after a restart)"))
                .endedOr(wait).thenApply(FetchStatus::of);
    }

    /** {@code ?wait=} as a duration: absent is 0; a 400 problem names the range otherwise. */
    static Duration waitParameter(String millis) {
        if (millis == null || millis.isEmpty()) {
            return Duration.ZERO;
        }
        try {
            long value = Long.parseLong(millis);
            if (value >= 0 && value <= MAX_WAIT_MILLIS) {
                return Duration.ofMillis(value);
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new IllegalArgumentException("wait must be a number of milliseconds from 0 to " + MAX_WAIT_MILLIS + ", not '" + millis + "'");
    }
}
