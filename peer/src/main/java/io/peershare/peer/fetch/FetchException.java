package io.peershare.peer.fetch;

/** A fetch cannot go on; the message is the one line the user sees. */
public class FetchException extends Exception {

    public FetchException(String message) {
        super(message);
    }
}
