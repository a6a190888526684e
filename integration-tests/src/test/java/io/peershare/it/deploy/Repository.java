package io.peershare.it.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The repository checked out around this module. */
final class Repository {
    private Repository() {
    }

    /** System property {@code peershare.root}, else the parent of this module (surefire runs in the module). */
    static Path root() {
        Path root = Path.of(System.getProperty("peershare.root", "..")).toAbsolutePath().normalize();
        if (!Files.isDirectory(root.resolve("deploy/k8s"))) {
            throw new IllegalStateException("no deploy/k8s in " + root + "; set -Dpeershare.root to the repository root");
        }
        return root;
    }

    /** peershare-&lt;x&gt; for every Dockerfile.&lt;x&gt; at the root: the images the repository builds. */
    static Set<String> builtImages() {
        try (Stream<Path> files = Files.list(root())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("Dockerfile."))
                    .map(n -> "peershare-" + n.substring("Dockerfile.".length())).collect(Collectors.toSet());
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + root(), e);
        }
    }
}
