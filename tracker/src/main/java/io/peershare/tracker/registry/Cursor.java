package io.peershare.tracker.registry;

import io.peershare.protocol.Sha256;
import io.peershare.protocol.SharedName;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque cursors of paged lists: base64url (no padding) of a list tag and the last key served, fields
 * separated by NUL (no hostname, name or hash can hold one). The tag makes a cursor of one list useless for
 * another; what is inside is not a contract, only the round trip is. Every store encodes with this class, so
 * a cursor from one tracker replica works on another.
 */
public final class Cursor {

    /** Longer than any cursor this class makes (a 255-byte name and a hash, in base64). */
    static final int MAX_LENGTH = 1024;

    /** Which list a cursor walks. */
    public enum Kind {
        PEERS('p'), PEER_FILES('e'), FILES('f'), SOURCES('s');

        private final char tag;

        Kind(char tag) {
            this.tag = tag;
        }
    }

    /** The key after which a files page starts: a (name, sha256) in listing order. */
    public record FileKey(String name, String sha256) {
    }

    private static final char SEPARATOR = '\0';

    private Cursor() {
    }

    public static String peers(String lastHostname) {
        return encode(Kind.PEERS, lastHostname);
    }

    public static String peerFiles(String lastName) {
        return encode(Kind.PEER_FILES, lastName);
    }

    public static String files(String lastName, String lastSha256) {
        return encode(Kind.FILES, lastName + SEPARATOR + lastSha256);
    }

    /**
     * A files cursor after every content of {@code name} (no sha256 sorts after 64 f's): where a search page that
     * stopped at its scan budget resumes, whether or not that name matched.
     */
    public static String afterEveryContentOf(String name) {
        return files(name, "f".repeat(64));
    }

    /** A cursor of the walk over a name's holders; an empty hostname = the walk's start. */
    public static String sources(String lastHostname) {
        return encode(Kind.SOURCES, lastHostname);
    }

    /** The last hostname served, or null when {@code cursor} is null (the first page). */
    public static String peersAfter(String cursor) {
        return cursor == null ? null : hostname(decode(cursor, Kind.PEERS), cursor);
    }

    public static String peerFilesAfter(String cursor) {
        return cursor == null ? null : name(decode(cursor, Kind.PEER_FILES), cursor);
    }

    public static FileKey filesAfter(String cursor) {
        if (cursor == null) {
            return null;
        }
        String text = decode(cursor, Kind.FILES);
        int cut = text.indexOf(SEPARATOR);
        if (cut < 0) {
            throw invalid(cursor);
        }
        String sha = text.substring(cut + 1);
        if (!Sha256.isValidHex(sha)) {
            throw invalid(cursor);
        }
        return new FileKey(name(text.substring(0, cut), cursor), sha);
    }

    /** The last hostname of the walk served: "" = none yet (the walk's start); null when {@code cursor} is null. */
    public static String sourcesAfter(String cursor) {
        if (cursor == null) {
            return null;
        }
        String text = decode(cursor, Kind.SOURCES);
        return text.isEmpty() ? "" : hostname(text, cursor);
    }

    private static String encode(Kind kind, String key) {
        byte[] bytes = (kind.tag + key).getBytes(StandardCharsets.UTF_8);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String decode(String cursor, Kind kind) {
        if (cursor.isEmpty() || cursor.length() > MAX_LENGTH) {
            throw invalid(cursor);
        }
        String text;
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(cursor);
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (IllegalArgumentException | CharacterCodingException e) {
            throw invalid(cursor);
        }
        if (text.isEmpty() || text.charAt(0) != kind.tag) {
            throw invalid(cursor);
        }
        return text.substring(1);
    }

    private static String hostname(String value, String cursor) {
        try {
            return RequestValidation.hostname(value);
        } catch (RegistryException e) {
            throw invalid(cursor);
        }
    }

    private static String name(String value, String cursor) {
        if (SharedName.problem(value) != null) {
            throw invalid(cursor);
        }
        return value;
    }

    private static RegistryException invalid(String cursor) {
        String shown = RequestValidation.printable(cursor.length() > 40 ? cursor.substring(0, 40) + "…" : cursor);
        return RegistryException.invalid("cursor '" + shown + "' is not one this tracker gave for this list; "
                + "leave cursor out to start at the first page, then follow the Link header's rel=\"next\" URL");
    }
}
