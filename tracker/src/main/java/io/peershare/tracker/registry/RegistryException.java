package io.peershare.tracker.registry;

/**
 * A request the registry refuses. The {@link Kind} says which rule failed (the API maps it to an HTTP
 * status); the message says what to do about it and goes to the client as is.
 */
public final class RegistryException extends RuntimeException {

    /** Which rule failed; one per problem status of the API. */
    public enum Kind {
        INVALID_INPUT, MISSING_TOKEN, WRONG_TOKEN, NOT_FOUND, NAME_TAKEN, UNREACHABLE
    }

    private final Kind kind;

    public RegistryException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public static RegistryException invalid(String message) {
        return new RegistryException(Kind.INVALID_INPUT, message);
    }

    public static RegistryException notFound(String message) {
        return new RegistryException(Kind.NOT_FOUND, message);
    }

    public static RegistryException unknownPeer(String hostname) {
        return notFound("no peer is registered as '" + hostname + "'; list them with `tracker peers` or GET /api/v1/peers");
    }
}
