package io.peershare.tracker.api;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.peershare.protocol.api.FileSources;
import io.peershare.protocol.api.Source;
import io.peershare.tracker.registry.DrawnSources;
import io.peershare.tracker.registry.SourceBytes;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * JSON of the sources answer, the tracker's hottest response (tens of sources each), as one exactly sized byte
 * array without Jackson: the fixed parts are constants, the name and contents are encoded once per answer, and a
 * drawn sample's sources are copies of the bytes their cells keep ({@link DrawnSources}). Jackson's generator
 * wrote every field of every source again for each answer (45 % of the event loop's samples). The shape is
 * Jackson's for the records, field order, escaping and nulls included ({@code SourcesJsonTest} compares them).
 */
final class SourcesJson {

    private static final byte[] NAME = ascii("{\"name\":");
    private static final byte[] SIZE = ascii(",\"size\":");
    private static final byte[] SHA256 = ascii(",\"sha256\":");
    private static final byte[] MANIFEST = ascii(",\"manifest\":");
    private static final byte[] COMPLETE = ascii(",\"completeSources\":");
    private static final byte[] PARTIAL = ascii(",\"partialSources\":");
    private static final byte[] SOURCES = ascii(",\"sources\":[");
    private static final byte[] END = ascii("]}");
    private static final byte[] NULL = ascii("null");

    private SourcesJson() {
    }

    /** The answer's body: a JSON array of the entries. */
    static byte[] write(List<FileSources> answer) {
        Entry[] entries = new Entry[answer.size()];
        String lastName = null;
        byte[] name = null;
        int length = 2 + Math.max(0, entries.length - 1);
        for (int i = 0; i < entries.length; i++) {
            FileSources file = answer.get(i);
            if (name == null || !java.util.Objects.equals(file.name(), lastName)) { // one name per answer: encoded once
                lastName = file.name();
                name = quoted(lastName);
            }
            entries[i] = new Entry(file, name);
            length += entries[i].length();
        }
        byte[] body = new byte[length];
        int at = 0;
        body[at++] = '[';
        for (int i = 0; i < entries.length; i++) {
            if (i > 0) {
                body[at++] = ',';
            }
            at = entries[i].write(body, at);
        }
        body[at++] = ']';
        if (at != length) {
            throw new IllegalStateException("sources answer of " + at + " bytes, " + length + " expected");
        }
        return body;
    }

    /**
     * One entry: its encoded parts up to the sources array, then its sources, as drawn (their bytes kept by the
     * registry) or encoded here.
     */
    private record Entry(byte[][] head, List<Source> sources, DrawnSources drawn, SourceBytes[] listed) {

        Entry(FileSources file, byte[] name) {
            this(new byte[][] {NAME, name, SIZE, ascii(Long.toString(file.size())), SHA256, quoted(file.sha256()),
                    MANIFEST, quoted(file.manifest()), COMPLETE, ascii(Integer.toString(file.completeSources())),
                    PARTIAL, ascii(Integer.toString(file.partialSources())), SOURCES}, file.sources(),
                    file.sources() instanceof DrawnSources drawn ? drawn : null,
                    file.sources() instanceof DrawnSources ? null : encode(file.sources()));
        }

        int length() {
            int length = END.length;
            for (byte[] part : head) {
                length += part.length;
            }
            if (drawn != null) {
                return length + drawn.length();
            }
            length += Math.max(0, listed.length - 1);
            for (int i = 0; i < listed.length; i++) {
                length += listed[i] == null ? NULL.length : listed[i].length(sources.get(i).partial());
            }
            return length;
        }

        int write(byte[] into, int at) {
            for (byte[] part : head) {
                at = put(part, into, at);
            }
            at = drawn != null ? drawn.write(into, at) : writeListed(into, at);
            return put(END, into, at);
        }

        private int writeListed(byte[] into, int at) {
            for (int i = 0; i < listed.length; i++) {
                if (i > 0) {
                    into[at++] = ',';
                }
                at = listed[i] == null ? put(NULL, into, at) : listed[i].write(sources.get(i).partial(), into, at);
            }
            return at;
        }
    }

    /** Sources that are not a drawn sample (a page of the walk over every holder), encoded for this answer. */
    private static SourceBytes[] encode(List<Source> sources) {
        SourceBytes[] encoded = new SourceBytes[sources.size()];
        for (int i = 0; i < encoded.length; i++) {
            Source source = sources.get(i);
            encoded[i] = source == null ? null : SourceBytes.of(source.hostname(), source.address(), source.port());
        }
        return encoded;
    }

    /** A string as a JSON value: quoted and escaped as Jackson does, or null. */
    private static byte[] quoted(String text) {
        if (text == null) {
            return NULL;
        }
        byte[] inner = plain(text) ? text.getBytes(StandardCharsets.ISO_8859_1)
                : JsonStringEncoder.getInstance().quoteAsUTF8(text);
        byte[] value = new byte[inner.length + 2];
        value[0] = '"';
        System.arraycopy(inner, 0, value, 1, inner.length);
        value[value.length - 1] = '"';
        return value;
    }

    /** Whether {@code text} is printable ASCII with nothing to escape (a sha256, most names): its bytes as they are. */
    private static boolean plain(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    private static int put(byte[] part, byte[] into, int at) {
        System.arraycopy(part, 0, into, at, part.length);
        return at + part.length;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
