package io.peershare.tracker.registry;

import io.peershare.protocol.Sha256;
import io.peershare.protocol.SharedName;
import io.peershare.protocol.api.FileEntry;
import io.peershare.protocol.api.RegisterRequest;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Checks of everything a client sends. Each failure is an INVALID_INPUT {@link RegistryException} whose
 * message names the bad value and says what is allowed.
 */
public final class RequestValidation {

    static final int MAX_HOSTNAME = 253;
    static final int MAX_ADDRESS = 253;
    static final int MAX_TOKEN = 128;
    /** Addresses a server binds to but nobody can connect to from elsewhere. */
    private static final Set<String> WILDCARDS = Set.of("0.0.0.0", "::", "[::]", "0:0:0:0:0:0:0:0");

    private RequestValidation() {
    }

    public static String hostname(String hostname) {
        if (hostname == null || hostname.isEmpty()) {
            throw RegistryException.invalid("hostname is missing; give the peer's name, e.g. peer1");
        }
        if (hostname.length() > MAX_HOSTNAME) {
            throw RegistryException.invalid("hostname is " + hostname.length() + " characters long; the limit is " + MAX_HOSTNAME);
        }
        for (int i = 0; i < hostname.length(); i++) {
            char c = hostname.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_';
            if (!allowed) {
                throw RegistryException.invalid("hostname '" + printable(hostname) + "' contains '" + printable(String.valueOf(c))
                        + "'; only letters, digits, '-', '.' and '_' are allowed");
            }
        }
        return hostname;
    }

    public static void register(RegisterRequest request) {
        if (request == null) {
            throw RegistryException.invalid("the request body is missing; send {\"hostname\":…,\"address\":…,\"port\":…}");
        }
        hostname(request.hostname());
        String address = request.address();
        if (address == null || address.isBlank()) {
            throw RegistryException.invalid("address is missing; give the address other peers reach "
                    + request.hostname() + " at (set PEER_ADVERTISED_ADDRESS)");
        }
        if (address.length() > MAX_ADDRESS || address.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw RegistryException.invalid("address '" + printable(address) + "' is not a host name or IP address");
        }
        if (WILDCARDS.contains(address)) {
            throw RegistryException.invalid("address " + address + " is a bind-all address, not one others can reach; "
                    + "set PEER_ADVERTISED_ADDRESS to the peer's host name or IP address");
        }
        if (request.port() < 1 || request.port() > 65535) {
            throw RegistryException.invalid("port " + request.port() + " is out of range; use 1-65535");
        }
        if (request.token() != null && request.token().length() > MAX_TOKEN) {
            throw RegistryException.invalid("token is too long to be one this tracker issued");
        }
    }

    /** Validates an announced list and returns it with SHA-256 normalized to lowercase. */
    public static List<FileEntry> files(List<FileEntry> files, int maxFiles) {
        if (files == null) {
            throw RegistryException.invalid("files is missing; send {\"files\":[{\"name\":…,\"size\":…,\"sha256\":…}]}");
        }
        if (files.size() > maxFiles) {
            throw RegistryException.invalid("announced " + files.size() + " files; the limit per peer is " + maxFiles);
        }
        List<FileEntry> normalized = new ArrayList<>(files.size());
        Set<String> names = new HashSet<>();
        for (FileEntry file : files) {
            FileEntry entry = file(file);
            if (!names.add(entry.name())) {
                throw RegistryException.invalid("file '" + entry.name() + "' is announced twice; a peer offers one content per name");
            }
            normalized.add(entry);
        }
        return normalized;
    }

    /**
     * One announced entry, normalized: SHA-256 and manifest root in lowercase. The manifest root may be absent
     * (a peer that predates pieces announces none); {@code partial} is a plain boolean, false when absent.
     */
    static FileEntry file(FileEntry file) {
        if (file == null) {
            throw RegistryException.invalid("a file entry is null; each entry needs name, size and sha256");
        }
        name(file.name());
        if (file.size() < 0) {
            throw RegistryException.invalid("file '" + file.name() + "' has negative size " + file.size());
        }
        String owner = "file '" + file.name() + "'";
        String manifest = file.manifest() == null ? null : hex64(file.manifest(), owner, "manifest");
        return new FileEntry(file.name(), file.size(), sha256(file.sha256(), owner), manifest, file.partial());
    }

    public static String name(String name) {
        String problem = SharedName.problem(name);
        if (problem != null) {
            throw RegistryException.invalid(problem);
        }
        return name;
    }

    /** 64 hex characters, returned in lowercase; {@code what} names the owner in the message. */
    public static String sha256(String hex, String what) {
        return hex64(hex, what, "sha256");
    }

    /** A 32-byte digest as 64 hex characters, returned in lowercase; {@code field} names it in the message. */
    private static String hex64(String hex, String what, String field) {
        if (hex == null || !Sha256.isValidHex(hex)) {
            throw RegistryException.invalid(what + ": " + field + " must be 64 hex characters (0-9, a-f), got "
                    + (hex == null ? "none" : "'" + printable(hex.length() > 80 ? hex.substring(0, 80) + "…" : hex) + "'"));
        }
        return hex.toLowerCase(Locale.ROOT);
    }

    /**
     * The {@code limit} query parameter as a number: absent or empty = the default. Range is checked by
     * {@link #limit(int)}; both fail with the same message, which says what is allowed.
     */
    public static int limit(String raw) {
        if (raw == null || raw.isEmpty()) {
            return SourceSample.DEFAULT_LIMIT;
        }
        try {
            return limit(Integer.parseInt(raw.strip()));
        } catch (NumberFormatException e) {
            throw badLimit("'" + printable(raw.length() > 20 ? raw.substring(0, 20) + "…" : raw) + "'");
        }
    }

    /** Sources per content a request may ask for: 1 to {@value SourceSample#MAX_LIMIT}. */
    static int limit(int limit) {
        if (limit < 1 || limit > SourceSample.MAX_LIMIT) {
            throw badLimit(String.valueOf(limit));
        }
        return limit;
    }

    private static RegistryException badLimit(String got) {
        return RegistryException.invalid("limit must be a whole number from 1 to " + SourceSample.MAX_LIMIT
                + " (default " + SourceSample.DEFAULT_LIMIT + "), got " + got);
    }

    /** Escapes control characters so an error message stays on one line. */
    static String printable(String value) {
        StringBuilder out = new StringBuilder();
        value.codePoints().limit(100).forEach(cp -> {
            if (Character.isISOControl(cp)) {
                out.append(String.format("\\u%04X", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }
}
