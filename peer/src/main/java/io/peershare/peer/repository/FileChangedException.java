package io.peershare.peer.repository;

import java.io.IOException;

/** A shared file no longer matches its index entry (edited or removed behind the daemon's back). */
public class FileChangedException extends IOException {

    public FileChangedException(String message) {
        super(message);
    }
}
