package io.peershare.tracker.registry;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Who owns which hostname: hostname → the peer's public key, the newest registration timestamp seen from it (a
 * replayed request is not newer) and when it was last used. Durable, unlike the registry's soft state: a file
 * in {@code tracker.data-dir} with the memory store ({@link FileIdentityBook}), Redis with the Redis store, so
 * every replica enforces the same ownership and the same replay rule (docs/architecture.md, "Identity").
 */
public interface IdentityBook {

    String FILE_NAME = "identities.txt";

    /** The file implementation (the memory store's). */
    static FileIdentityBook open(Path file, Clock clock, Duration retention, int maxBindings) {
        return FileIdentityBook.open(file, clock, retention, maxBindings);
    }

    /** Refuses, as {@link #bind} would, without changing anything (so the slow probe can run in between). */
    void check(String hostname, String publicKey, long timestamp);

    /**
     * Binds {@code hostname} to {@code publicKey} (a new name, a name whose binding is past the retention, or
     * the owner again) and returns the change's number for {@link #awaitDurable}. Another key's name →
     * NAME_TAKEN; a timestamp not newer than the owner's last one → BAD_SIGNATURE (a replay); one name too
     * many → FULL.
     */
    long bind(String hostname, String publicKey, long timestamp);

    /** Returns once change {@code change} is stored durably (the file: on disk; Redis: at once). */
    void awaitDurable(long change) throws IOException;

    /** A heartbeat: the binding stays in use (recorded at most about once an hour per name). */
    void touch(String hostname);

    /** Releases the bindings unused for longer than the retention; returns how many. */
    int expire();

    /** Stores pending changes (heartbeat touches, releases); called by the sweeper and at shutdown. */
    void flush() throws IOException;

    int size();

    /** Where the book lives, for the startup log line. */
    String describe();

    static RegistryException taken(String hostname, Instant lastUsed, Instant now) {
        return new RegistryException(RegistryException.Kind.NAME_TAKEN, "hostname '" + hostname + "' belongs to "
                + "another peer's key (used " + Duration.between(lastUsed, now).toDays() + " days ago); "
                + "choose another peer.hostname, or register with the key that owns it (the peer's "
                + ".peershare/identity.key); the tracker's operator can release the name (docs/architecture.md, Identity)");
    }

    static RegistryException replay(String hostname, long timestamp) {
        return new RegistryException(RegistryException.Kind.BAD_SIGNATURE, "timestamp " + timestamp + " is not newer "
                + "than this key's last registration of '" + hostname + "' (a replayed request?); sign a new one");
    }

    static RegistryException full() {
        return new RegistryException(RegistryException.Kind.FULL, "the tracker holds as many hostnames as it may "
                + "(tracker.identity.max-bindings); retry later or ask its operator to raise the limit");
    }
}
