package io.peershare.tracker.api;

import io.peershare.tracker.registry.RegistryException;

/** Extracts the token from {@code Authorization: Bearer <token>}. */
final class Bearer {

    private static final String PREFIX = "bearer ";

    private Bearer() {
    }

    /** The token, or null when there is no header (the registry answers 401 for null). */
    static String token(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        if (header.length() <= PREFIX.length() || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            throw new RegistryException(RegistryException.Kind.MISSING_TOKEN,
                    "the Authorization header must be 'Bearer <token>', with the token from the registration");
        }
        return header.substring(PREFIX.length()).trim();
    }
}
