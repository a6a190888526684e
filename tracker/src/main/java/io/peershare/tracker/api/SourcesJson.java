package io.peershare.tracker.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.peershare.protocol.api.FileSources;
import io.peershare.protocol.api.Source;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

import java.io.IOException;

/**
 * JSON of the sources answer, the tracker's hottest response (tens of sources each), written field by field.
 * Jackson's record serializer reaches every component through reflection (method handles): about a third of
 * that answer's serialization time. The shape is the record's, component order and nulls included
 * ({@code SourcesJsonTest} compares it with Jackson's own).
 */
@Singleton
public class SourcesJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(module());
    }

    /** The serializers of {@link Source} and {@link FileSources}. */
    static SimpleModule module() {
        return new SimpleModule("peershare-sources")
                .addSerializer(Source.class, new SourceSerializer())
                .addSerializer(FileSources.class, new FileSourcesSerializer());
    }

    private static final class SourceSerializer extends StdSerializer<Source> {

        SourceSerializer() {
            super(Source.class);
        }

        @Override
        public void serialize(Source source, JsonGenerator json, SerializerProvider provider) throws IOException {
            json.writeStartObject();
            json.writeFieldName(HOSTNAME);
            json.writeString(source.hostname());
            json.writeFieldName(ADDRESS);
            json.writeString(source.address());
            json.writeFieldName(PORT);
            json.writeNumber(source.port());
            json.writeFieldName(PARTIAL);
            json.writeBoolean(source.partial());
            json.writeEndObject();
        }

        // Field names encoded once: an answer writes each of them for every one of its (up to 200) sources.
        private static final SerializableString HOSTNAME = new SerializedString("hostname");
        private static final SerializableString ADDRESS = new SerializedString("address");
        private static final SerializableString PORT = new SerializedString("port");
        private static final SerializableString PARTIAL = new SerializedString("partial");
    }

    private static final class FileSourcesSerializer extends StdSerializer<FileSources> {

        FileSourcesSerializer() {
            super(FileSources.class);
        }

        @Override
        public void serialize(FileSources file, JsonGenerator json, SerializerProvider provider) throws IOException {
            json.writeStartObject();
            json.writeStringField("name", file.name());
            json.writeNumberField("size", file.size());
            json.writeStringField("sha256", file.sha256());
            json.writeStringField("manifest", file.manifest());
            json.writeNumberField("completeSources", file.completeSources());
            json.writeNumberField("partialSources", file.partialSources());
            json.writeFieldName("sources");
            if (file.sources() == null) {
                json.writeNull();
            } else {
                json.writeStartArray();
                for (Source source : file.sources()) {
                    if (source == null) {
                        json.writeNull();
                    } else {
                        SOURCE.serialize(source, json, provider);
                    }
                }
                json.writeEndArray();
            }
            json.writeEndObject();
        }

        private static final StdSerializer<Source> SOURCE = new SourceSerializer();
    }
}
