package io.peershare.it.deploy;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reading YAML documents as plain maps and lists (SnakeYAML's safe constructor: no types from the file). */
final class Yaml {

    private Yaml() {
    }

    /** Every non-empty document of a file, each a mapping. */
    static List<Map<String, Object>> loadAll(Path file) {
        try {
            return parseAll(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Map<String, Object>> parseAll(String text) {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : new org.yaml.snakeyaml.Yaml(new SafeConstructor(new LoaderOptions())).loadAll(text)) {
            if (doc == null) {
                continue;
            }
            if (!(doc instanceof Map<?, ?> m)) {
                throw new IllegalArgumentException("a document is not a mapping: " + doc);
            }
            docs.add(cast(m));
        }
        return docs;
    }

    /** A deep, mutable copy (tests break a copy of the real manifests). */
    @SuppressWarnings("unchecked")
    static <T> T copy(T value) {
        if (value instanceof Map<?, ?> m) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            m.forEach((k, v) -> copy.put(k, copy(v)));
            return (T) copy;
        }
        if (value instanceof List<?> l) {
            List<Object> copy = new ArrayList<>();
            l.forEach(v -> copy.add(copy(v)));
            return (T) copy;
        }
        return value;
    }

    /** The value at {@code keys} below {@code root}, through mappings only. */
    static Optional<Object> path(Object root, String... keys) {
        Object at = root;
        for (String key : keys) {
            if (!(at instanceof Map<?, ?> m) || !m.containsKey(key)) {
                return Optional.empty();
            }
            at = m.get(key);
        }
        return Optional.ofNullable(at);
    }

    static Optional<String> string(Object root, String... keys) {
        return path(root, keys).map(String::valueOf);
    }

    /** The mapping at {@code keys}, or an empty one. */
    static Map<String, Object> map(Object root, String... keys) {
        return path(root, keys).filter(Map.class::isInstance).map(m -> cast((Map<?, ?>) m)).orElse(Map.of());
    }

    /** The mappings of the list at {@code keys}, or none. */
    static List<Map<String, Object>> list(Object root, String... keys) {
        return path(root, keys).filter(List.class::isInstance).map(l -> ((List<?>) l).stream()
                .filter(Map.class::isInstance).map(m -> cast((Map<?, ?>) m)).toList()).orElse(List.of());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }
}
