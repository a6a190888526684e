package io.peershare.it;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.images.builder.ImageFromDockerfile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The tracker and peer images, built from the repository's own {@code Dockerfile.tracker} and
 * {@code Dockerfile.peer} once per test run (every suite in the failsafe JVM shares them) and removed
 * when the JVM exits (a crashed run leaves them labelled {@code io.peershare.it}; {@code .ci/run} removes them).
 *
 * <p>The build context holds exactly what the Dockerfiles copy (the same allow-list as
 * {@code .dockerignore}): the packaged Quarkus application, the {@code bin/} wrapper, {@code deploy/docker/}
 * and {@code deploy/samples/}. {@code BASE_IMAGE} comes from {@code PEERSHARE_BASE_IMAGE} (set by
 * {@code .ci/run} to the local base image of a machine without registry), else the Dockerfile's public default.
 */
final class Images {

    private static volatile String tracker;
    private static volatile String peer;
    private static volatile String redis;
    private static volatile String balancer;

    static {
        // Testcontainers without Ryuk prunes only dangling images at exit; these are tagged, so remove them here.
        Runtime.getRuntime().addShutdownHook(new Thread(Images::remove, "peershare-it-images"));
    }

    private Images() {
    }

    static synchronized String tracker() {
        if (tracker == null) {
            tracker = build("tracker");
        }
        return tracker;
    }

    static synchronized String peer() {
        if (peer == null) {
            peer = build("peer");
        }
        return peer;
    }

    /** Redis for the replicated trackers' store ({@code Dockerfile.redis}: Debian's redis-server on the base image). */
    static synchronized String redis() {
        if (redis == null) {
            redis = build(dockerfile("redis"));
        }
        return redis;
    }

    /** The load balancer in front of replicated trackers ({@code Dockerfile.balancer}: Debian's HAProxy). */
    static synchronized String balancer() {
        if (balancer == null) {
            balancer = build(dockerfile("balancer").withFileFromPath("deploy/balancer", root().resolve("deploy/balancer")));
        }
        return balancer;
    }

    /** The repository root: system property {@code peershare.root} (set by the pom), else {@code ..}. */
    static Path root() {
        Path root = Path.of(System.getProperty("peershare.root", "..")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(root.resolve("Dockerfile.tracker"))) {
            throw new IllegalStateException("no Dockerfile.tracker in " + root + "; set -Dpeershare.root to the repository root");
        }
        return root;
    }

    private static void remove() {
        for (String image : new String[] {tracker, peer, redis, balancer}) {
            if (image != null) {
                try {
                    DockerClientFactory.instance().client().removeImageCmd(image).withForce(true).exec();
                } catch (RuntimeException e) {
                    System.err.println("could not remove image " + image + ": " + e.getMessage());
                }
            }
        }
    }

    private static String build(String app) {
        Path root = root();
        Path dist = root.resolve(app).resolve("target/quarkus-app");
        if (!Files.isRegularFile(dist.resolve("quarkus-run.jar"))) {
            throw new IllegalStateException(dist.resolve("quarkus-run.jar") + " is missing: run './mvnw -B verify' from the "
                    + "repository root (the reactor packages " + app + " before these suites)");
        }
        return build(dockerfile(app)
                .withFileFromPath("bin/" + app, root.resolve("bin").resolve(app))
                .withFileFromPath("bin/lib", root.resolve("bin/lib"))
                .withFileFromPath(app + "/target/quarkus-app", dist)
                .withFileFromPath("deploy/docker", root.resolve("deploy/docker"))
                .withFileFromPath("deploy/samples", root.resolve("deploy/samples")));
    }

    /** {@code Dockerfile.<app>} alone in the build context, labelled for the clean-up; callers add the files it copies. */
    private static ImageFromDockerfile dockerfile(String app) {
        return new ImageFromDockerfile("peershare-it/" + app + ":run-" + Cluster.RUN, false)
                .withDockerfilePath("Dockerfile." + app)
                .withFileFromPath("Dockerfile." + app, root().resolve("Dockerfile." + app))
                .withBuildImageCmdModifier(cmd -> cmd.withLabels(Map.of(Cluster.LABEL, "true", Cluster.RUN_LABEL, Cluster.RUN)).withPull(false));
    }

    private static String build(ImageFromDockerfile image) {
        String base = System.getenv("PEERSHARE_BASE_IMAGE");
        if (base != null && !base.isBlank()) {
            image.withBuildArg("BASE_IMAGE", base);
        }
        long started = System.nanoTime();
        String name = image.get();
        System.out.printf("built %s in %.1f s%n", name, (System.nanoTime() - started) / 1e9);
        return name;
    }
}
