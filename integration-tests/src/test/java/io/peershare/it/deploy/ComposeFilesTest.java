package io.peershare.it.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.peershare.it.deploy.Yaml.map;
import static io.peershare.it.deploy.Yaml.string;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compose files and the balancer's configuration agree with each other and with the images, without a
 * Docker engine: the replicas the balancer names exist, they share the Redis service, they trust the balancer
 * and only it, and every file a compose file or a Dockerfile refers to is there. (`docker compose config`
 * checks the syntax; this checks what the syntax cannot.)
 */
class ComposeFilesTest {

    private static final Path ROOT = Repository.root();
    private static final Pattern DEFAULT = Pattern.compile("\\$\\{[A-Z_]+:-([^}]*)}");

    @Test
    void shouldRunTheReplicasTheBalancerNames() {
        Map<String, Map<String, Object>> services = services("compose.replicated.yaml");
        Map<String, Object> balancer = serviceBuiltFrom(services, "Dockerfile.balancer");

        int replicas = Integer.parseInt(withDefaults(env(balancer).get("TRACKER_REPLICAS")));
        assertThat(replicas).isGreaterThanOrEqualTo(2);
        for (int k = 1; k <= replicas; k++) {
            Map<String, Object> replica = services.get("tracker-" + k);
            assertThat(replica).as("service tracker-%d, which the balancer sends requests to", k).isNotNull();
            assertThat(string(replica, "hostname")).contains("tracker-" + k);
            assertThat(string(replica, "image")).contains("peershare-tracker:latest");
            assertThat(string(replica, "build", "dockerfile")).contains("Dockerfile.tracker");
        }
    }

    @Test
    void shouldShareTheRedisServiceAndTrustOnlyTheBalancer() throws IOException {
        Map<String, Map<String, Object>> services = services("compose.replicated.yaml");
        Map<String, Object> balancer = serviceBuiltFrom(services, "Dockerfile.balancer");
        String balancerHost = string(balancer, "hostname").orElseThrow();
        Map<String, Object> replica = services.get("tracker-1");
        Map<String, String> env = env(replica);

        assertThat(env).containsEntry("TRACKER_STORE", "redis");
        URI redis = URI.create(env.get("QUARKUS_REDIS_HOSTS"));
        Map<String, Object> redisService = services.get(redis.getHost());
        assertThat(redisService).as("service %s of QUARKUS_REDIS_HOSTS", redis.getHost()).isNotNull();
        assertThat(string(redisService, "build", "dockerfile")).contains("Dockerfile.redis");
        assertThat(Files.readString(ROOT.resolve("Dockerfile.redis"))).contains("EXPOSE " + redis.getPort());
        assertThat(map(replica, "depends_on")).containsKey(redis.getHost());

        // The replicas take the client's address from X-Forwarded-For only on requests from the balancer.
        assertThat(env).containsEntry("TRACKER_REGISTRATION_TRUSTED_PROXIES", balancerHost)
                .doesNotContainKey("QUARKUS_HTTP_PROXY_TRUSTED_PROXIES");
        // ... which is also where the peers' image sends them, so the peers need no other URL.
        assertThat(Files.readString(ROOT.resolve("Dockerfile.peer")))
                .contains("PEER_TRACKER_URL=http://" + balancerHost + ":8080");
        assertThat(services.get(balancerHost)).as("service %s", balancerHost).isSameAs(balancer);
    }

    @Test
    void shouldCheckTheTrackersReadinessOnTheirPortInTheBalancer() throws IOException {
        String haproxy = Files.readString(ROOT.resolve("deploy/balancer/haproxy.cfg"));
        String entrypoint = Files.readString(ROOT.resolve("deploy/balancer/balancer-entrypoint.sh"));

        assertThat(haproxy).contains("uri /q/health/ready").contains("\n    # @servers@\n")
                .contains("option forwardfor").contains("http-request del-header X-Forwarded-For")
                .contains("nameserver docker 127.0.0.11:53").contains("bind :8080");
        assertThat(entrypoint).contains("port=8080").contains("tracker-$k");
        assertThat(Files.readString(ROOT.resolve("Dockerfile.tracker"))).contains("QUARKUS_HTTP_PORT=8080");
        assertThat(Files.readString(ROOT.resolve("Dockerfile.balancer")))
                .contains("COPY deploy/balancer/haproxy.cfg /etc/haproxy/peershare.cfg")
                .contains("/etc/haproxy/peershare.cfg");
        assertThat(entrypoint).contains("template=${BALANCER_TEMPLATE:-/etc/haproxy/peershare.cfg}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"compose.yaml", "compose.replicated.yaml"})
    void shouldReferOnlyToFilesAndServicesThatExist(String file) {
        Map<String, Map<String, Object>> services = services(file);
        services.forEach((name, service) -> {
            string(service, "build", "dockerfile").ifPresent(dockerfile ->
                    assertThat(ROOT.resolve(dockerfile)).as("%s: dockerfile of %s", file, name).isRegularFile());
            map(service, "depends_on").keySet().forEach(dependency ->
                    assertThat(services).as("%s: %s depends on %s", file, name, dependency).containsKey(dependency));
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"Dockerfile.tracker", "Dockerfile.peer", "Dockerfile.balancer", "Dockerfile.redis"})
    void shouldLetThroughTheBuildContextWhatTheDockerfileCopies(String dockerfile) throws IOException {
        List<String> allowed = Files.readAllLines(ROOT.resolve(".dockerignore")).stream()
                .filter(l -> l.startsWith("!")).map(l -> strip(l.substring(1))).toList();
        Matcher copy = Pattern.compile("(?m)^COPY\\s+(?:--\\S+\\s+)*(\\S+)\\s").matcher(Files.readString(ROOT.resolve(dockerfile)));
        while (copy.find()) {
            String source = strip(copy.group(1));
            assertThat(allowed).as("%s copies %s: .dockerignore must let it through", dockerfile, source)
                    .anyMatch(a -> a.equals(source) || source.startsWith(a + "/") || a.startsWith(source + "/"));
            // Everything copied exists in a fresh clone: `docker compose up --build` before any ./mvnw package gets
            // install-app.sh's line saying what to run, not a COPY failing on a missing target/ folder.
            assertThat(source).as("%s copies %s, which only ./mvnw package makes", dockerfile, source).doesNotContain("target");
            assertThat(ROOT.resolve(source)).as("%s copies %s", dockerfile, source).exists();
        }
    }

    // --- reading compose files -------------------------------------------------------------------------

    /** The services of a compose file, each merged over the service it extends (one level, as ours use it). */
    private static Map<String, Map<String, Object>> services(String file) {
        Map<String, Object> compose = Yaml.loadAll(ROOT.resolve(file)).getFirst();
        Map<String, Map<String, Object>> services = new HashMap<>();
        map(compose, "services").forEach((name, value) -> {
            Map<String, Object> service = Yaml.copy(map(compose, "services", name));
            Optional<String> base = string(service, "extends", "file");
            if (base.isPresent()) {
                Path baseFile = ROOT.resolve(base.get());
                assertThat(baseFile).as("%s: %s extends %s", file, name, base.get()).isRegularFile();
                Map<String, Object> extended = Yaml.copy(map(Yaml.loadAll(baseFile).getFirst(),
                        "services", string(service, "extends", "service").orElseThrow()));
                Map<String, Object> env = new HashMap<>(map(extended, "environment"));
                env.putAll(map(service, "environment"));
                extended.putAll(service);
                extended.put("environment", env);
                service = extended;
            }
            services.put(name, service);
        });
        return services;
    }

    private static Map<String, Object> serviceBuiltFrom(Map<String, Map<String, Object>> services, String dockerfile) {
        List<Map<String, Object>> built = services.values().stream()
                .filter(s -> string(s, "build", "dockerfile").equals(Optional.of(dockerfile))).toList();
        assertThat(built).as("services built from %s", dockerfile).hasSize(1);
        return built.getFirst();
    }

    private static Map<String, String> env(Map<String, Object> service) {
        Map<String, String> env = new HashMap<>();
        map(service, "environment").forEach((k, v) -> env.put(k, String.valueOf(v)));
        return env;
    }

    /** A compose value with its ${VAR:-default} substitutions replaced by the defaults. */
    private static String withDefaults(String value) {
        return DEFAULT.matcher(value).replaceAll(m -> Matcher.quoteReplacement(m.group(1)));
    }

    private static String strip(String path) {
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
