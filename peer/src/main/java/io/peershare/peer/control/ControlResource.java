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
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.nio.file.InvalidPathException;
import java.util.List;

/** The loopback control API the shell talks to (docs/architecture.md, "Peer control API"). Thin: rules live in the services. */
@Path("/control/v1")
@Produces(MediaType.APPLICATION_JSON)
public class ControlResource {

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

    @GET
    @Path("/fetches/{id}")
    public FetchStatus fetch(@PathParam("id") String id) {
        return daemon.fetcher().progress(id).map(FetchStatus::of)
                .orElseThrow(() -> new NotFoundException("no fetch with id " + id + " (ids are forgotten after a restart)"));
    }
}
