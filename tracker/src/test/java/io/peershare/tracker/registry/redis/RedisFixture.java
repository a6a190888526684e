package io.peershare.tracker.registry.redis;

import io.vertx.core.Vertx;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.images.builder.ImageFromDockerfile;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * One Redis for the tracker's Redis tests, started once per test JVM: a container built from the repository's
 * {@code Dockerfile.redis} when Docker is reachable, else a local {@code redis-server} started as a child process
 * on a free loopback port (killed when the JVM exits). Neither → the tests are skipped with {@link #HOW_TO}.
 * Each test isolates itself with a key prefix of its own, so nothing is flushed between tests.
 *
 * <p>{@code -Dpeershare.test.redis=local} (or {@code docker}) forces one way. The address is published as the
 * system property {@code peershare.test.redis-url}, so the copy of this class a {@code @QuarkusTest} loads uses
 * the same Redis instead of starting another. Docker without a registry needs what {@code .ci/run} exports
 * ({@code TESTCONTAINERS_RYUK_DISABLED=true}, {@code PEERSHARE_BASE_IMAGE}).
 */
final class RedisFixture {

    static final String HOW_TO = "no Redis for the Redis store tests: install redis-server (apt-get install -y redis-server) "
            + "or start Docker";

    private static final String URL_PROPERTY = "peershare.test.redis-url";
    private static final Vertx VERTX = Vertx.vertx();
    private static Optional<String> url;
    private static Process process;

    private RedisFixture() {
    }

    /** redis://host:port, or empty when neither Docker nor redis-server is available. */
    static synchronized Optional<String> url() {
        if (url == null) {
            url = start();
        }
        return url;
    }

    static RedisStore store(String prefix) {
        return RedisStores.connect(VERTX, url().orElseThrow(), prefix, Duration.ofSeconds(5));
    }

    /** Stores opened with {@link #openedStore}, closed by {@link #closeOpened} after each test. */
    private static final java.util.List<RedisStore> OPENED = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * A store on a fresh prefix, kept to be closed after the test: static, because a contract makes its registry
     * while its subclass' instance fields are not yet set.
     */
    static RedisStore openedStore() {
        RedisStore store = store(freshPrefix());
        OPENED.add(store);
        return store;
    }

    static void closeOpened() {
        OPENED.forEach(RedisStore::close);
        OPENED.clear();
    }

    /** A key prefix no other test uses. */
    static String freshPrefix() {
        return "test-" + UUID.randomUUID() + ":";
    }

    private static Optional<String> start() {
        String shared = System.getProperty(URL_PROPERTY);
        if (shared != null) {
            return Optional.of(shared);
        }
        Optional<String> started = launchOne();
        started.ifPresent(u -> System.setProperty(URL_PROPERTY, u));
        return started;
    }

    private static Optional<String> launchOne() {
        String way = System.getProperty("peershare.test.redis", "auto");
        if (way.equals("docker") || (way.equals("auto") && dockerAvailable())) {
            return Optional.of(container());
        }
        Optional<Path> binary = redisServer();
        if (binary.isEmpty()) {
            System.err.println(HOW_TO);
            return Optional.empty();
        }
        try {
            int port = freePort();
            process = launch(port);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> process.destroyForcibly(), "redis-fixture"));
            return Optional.of("redis://127.0.0.1:" + port);
        } catch (Exception e) {
            throw new IllegalStateException("could not start redis-server: " + e.getMessage(), e);
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /**
     * Redis in a container of {@code Dockerfile.redis}. Image and container carry the integration suites' labels
     * ({@code io.peershare.it}, and the run's id from {@code PEERSHARE_IT_RUN}), so {@code .ci/run}'s clean-up
     * removes them with the rest; the base image already holds redis-server, so the build takes seconds.
     */
    @SuppressWarnings("resource") // stopped by the shutdown hook (no Ryuk reaper on a registry-less machine)
    private static String container() {
        Path root = Path.of(System.getProperty("peershare.root", "..")).toAbsolutePath().normalize();
        String run = System.getenv().getOrDefault("PEERSHARE_IT_RUN", String.valueOf(ProcessHandle.current().pid()));
        Map<String, String> labels = Map.of("io.peershare.it", "true", "io.peershare.it.run", run);
        ImageFromDockerfile image = new ImageFromDockerfile("peershare-test/redis:run-" + run, true)
                .withDockerfilePath("Dockerfile.redis")
                .withFileFromPath("Dockerfile.redis", root.resolve("Dockerfile.redis"))
                .withBuildImageCmdModifier(cmd -> cmd.withLabels(labels).withPull(false));
        String base = System.getenv("PEERSHARE_BASE_IMAGE");
        if (base != null && !base.isBlank()) {
            image.withBuildArg("BASE_IMAGE", base);
        }
        // The shutdown hook does not run when surefire kills its fork: the server then ends itself after 15 min
        // (far beyond the tracker's tests) and the container removes itself.
        GenericContainer<?> redis = new GenericContainer<>(image).withExposedPorts(6379).withLabels(labels)
                .withCommand("timeout", "900", "redis-server", "--port", "6379", "--protected-mode", "no",
                        "--save", "", "--appendonly", "no")
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withAutoRemove(true));
        redis.start();
        Runtime.getRuntime().addShutdownHook(new Thread(redis::stop, "redis-fixture"));
        return "redis://" + redis.getHost() + ":" + redis.getMappedPort(6379);
    }

    private static Optional<Path> redisServer() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path candidate = Path.of(dir, "redis-server");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static Process launch(int port) throws IOException, InterruptedException {
        Process started = new ProcessBuilder(redisServer().orElseThrow().toString(), "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--protected-mode", "no", "--save", "", "--appendonly", "no", "--daemonize", "no")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return started;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        started.destroyForcibly();
        throw new IOException("redis-server did not listen on port " + port + " within 10 s");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
