package io.peershare.tracker.registry;

/**
 * A request the registry refuses. The {@link Kind} says which rule failed (the API maps it to an HTTP
 * status); the message says what to do about it and goes to the client as is.
 */
public final class RegistryException extends RuntimeException {

    /** Which rule failed; one per problem status of the API. */
    public enum Kind {
        INVALID_INPUT, MISSING_TOKEN, WRONG_TOKEN, NOT_FOUND, NAME_TAKEN, UNREACHABLE,
        /** A registration whose signature, key or timestamp does not prove the peer's identity. */
        BAD_SIGNATURE,
        /** A registration advertising an address its sender may not advertise. */
        ADDRESS_NOT_ALLOWED,
        /** The registry or the identity book holds as many entries as it may. */
        FULL,
        /** The tracker cannot do it now (its data directory cannot be written). */
        UNAVAILABLE,
        /** The shared registry store (Redis) did not answer in time: retry in a moment. */
        STORE_UNREACHABLE
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

    public static RegistryException missingToken() {
        return new RegistryException(Kind.MISSING_TOKEN,
                "missing token; send 'Authorization: Bearer <token>' with the token from the registration");
    }

    public static RegistryException wrongToken(String hostname) {
        return new RegistryException(Kind.WRONG_TOKEN, "the token does not match the one issued to '"
                + hostname + "'; register again to get a new token");
    }

    public static RegistryException unknownPeer(String hostname) {
        return notFound("no peer is registered as '" + hostname + "'; list them with `tracker peers` or GET /api/v1/peers");
    }
}
