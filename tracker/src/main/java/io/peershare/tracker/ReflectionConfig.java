package io.peershare.tracker;

import io.peershare.protocol.api.AnnounceRequest;
import io.peershare.protocol.api.DiscoverResult;
import io.peershare.protocol.api.FileEntry;
import io.peershare.protocol.api.FileSources;
import io.peershare.protocol.api.FileSummary;
import io.peershare.protocol.api.PeerView;
import io.peershare.protocol.api.PingResult;
import io.peershare.protocol.api.Problem;
import io.peershare.protocol.api.RegisterRequest;
import io.peershare.protocol.api.RegisterResponse;
import io.peershare.protocol.api.Source;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The API records live in the protocol jar, which Quarkus does not index for reflection, and the shell
 * reads them with a plain ObjectMapper: register them so a native image can (de)serialize them.
 */
@RegisterForReflection(targets = {AnnounceRequest.class, DiscoverResult.class, FileEntry.class, FileSources.class,
        FileSummary.class, PeerView.class, PingResult.class, Problem.class, RegisterRequest.class,
        RegisterResponse.class, Source.class})
public final class ReflectionConfig {

    private ReflectionConfig() {
    }
}
