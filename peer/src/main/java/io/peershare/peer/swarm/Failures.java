package io.peershare.peer.swarm;

import io.peershare.protocol.wire.RemoteErrorException;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

/** Turns network exceptions into the few words a user needs. */
public final class Failures {

    private Failures() {
    }

    public static String describe(Throwable e) {
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        if (e instanceof SocketTimeoutException) {
            return "timed out";
        }
        if (e instanceof UnknownHostException) {
            return "unknown host " + e.getMessage();
        }
        if (e instanceof RemoteErrorException remote) {
            return remote.code() + ": " + remote.error().message();
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
