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
    @ValueSource(strings = {"compose.yaml", "compose.replicated.yaml", "compose.metrics.yaml"})
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
    @ValueSource(strings = {"Dockerfile.tracker", "Dockerfile.peer", "Dockerfile.balancer", "Dockerfile.redis",
            "Dockerfile.prometheus"})
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

    /**
     * Prometheus (compose.metrics.yaml) finds its targets by DNS names that every tracker and every peer answers to,
     * in either cluster and however many peers deploy/up.sh adds (they extend deploy/compose.peer.yaml), on the
     * ports the images serve metrics on; the balancer is not scraped as a tracker.
     */
    @ParameterizedTest
    @ValueSource(strings = {"compose.yaml", "compose.replicated.yaml"})
    void shouldScrapeEveryTrackerAndEveryPeerOnItsMetricsPort(String file) throws IOException {
        Map<String, Object> tracker = scrapeJob("tracker");
        Map<String, Object> peer = scrapeJob("peer");
        assertThat(string(tracker, "metrics_path")).contains("/q/metrics");
        assertThat(string(peer, "metrics_path")).contains("/q/metrics");
        assertThat(Files.readString(ROOT.resolve("Dockerfile.tracker"))).contains("QUARKUS_HTTP_PORT=" + dnsPort(tracker));
        assertThat(Files.readString(ROOT.resolve("peer/src/main/resources/application.properties")))
                .contains("quarkus.management.port=${peer.metrics-port:" + dnsPort(peer) + "}");
        assertThat(Files.readString(ROOT.resolve("Dockerfile.peer"))).containsPattern("(?m)^EXPOSE .*\\b" + dnsPort(peer) + "\\b")
                .contains("PEER_METRICS_ENABLED=true"); // off by default outside the image

        Map<String, Map<String, Object>> services = services(file);
        List<String> trackers = services.entrySet().stream()
                .filter(s -> string(s.getValue(), "build", "dockerfile").equals(Optional.of("Dockerfile.tracker")))
                .map(Map.Entry::getKey).toList();
        List<String> peers = services.keySet().stream().filter(n -> n.matches("peer[0-9]+")).toList();
        assertThat(trackers).isNotEmpty();
        assertThat(peers).hasSizeGreaterThanOrEqualTo(3);
        trackers.forEach(name -> assertThat(aliases(services.get(name))).as("%s: %s", file, name).contains(dnsName(tracker)));
        peers.forEach(name -> assertThat(aliases(services.get(name))).as("%s: %s", file, name).contains(dnsName(peer)));
        services.forEach((name, service) -> {
            if (!trackers.contains(name)) {
                assertThat(aliases(service)).as("%s: %s", file, name).doesNotContain(dnsName(tracker));
            }
            if (!peers.contains(name)) {
                assertThat(aliases(service)).as("%s: %s", file, name).doesNotContain(dnsName(peer));
            }
        });
        // Metrics publish nothing on the host: only the tracker's API (the balancer's, with replicas) is.
        assertThat(services.entrySet().stream().filter(s -> s.getValue().containsKey("ports")).map(Map.Entry::getKey))
                .as("%s: services published on the host", file).containsExactly("tracker");
    }

    @Test
    void shouldPublishPrometheusOnLoopbackOnlyWithTheScrapeConfigItChecks() throws IOException {
        Map<String, Map<String, Object>> services = services("compose.metrics.yaml");
        Map<String, Object> prometheus = serviceBuiltFrom(services, "Dockerfile.prometheus");
        List<?> ports = (List<?>) Yaml.path(prometheus, "ports").orElseThrow();
        assertThat(ports).hasSize(1);
        assertThat(withDefaults(String.valueOf(ports.getFirst()))).isEqualTo("127.0.0.1:9090:9090");
        assertThat(Yaml.path(prometheus, "networks").map(String::valueOf).orElseThrow()).contains("peershare");
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile.prometheus"));
        assertThat(dockerfile).contains("COPY deploy/prometheus/prometheus.yml /etc/peershare/prometheus.yml")
                .contains("promtool check config /etc/peershare/prometheus.yml")
                .contains("--config.file=/etc/peershare/prometheus.yml").contains("apt-get install")
                .contains("ARG BASE_IMAGE").contains("EXPOSE 9090");
    }

    private static Map<String, Object> scrapeJob(String name) {
        Map<String, Object> config = Yaml.loadAll(ROOT.resolve("deploy/prometheus/prometheus.yml")).getFirst();
        return Yaml.list(config, "scrape_configs").stream().filter(j -> string(j, "job_name").equals(Optional.of(name)))
                .findFirst().orElseThrow(() -> new AssertionError("no scrape job " + name + " in prometheus.yml"));
    }

    /** The one name a job's dns_sd_configs asks for. */
    private static String dnsName(Map<String, Object> job) {
        List<?> names = (List<?>) Yaml.path(dnsSd(job), "names").orElseThrow();
        assertThat(names).hasSize(1);
        return String.valueOf(names.getFirst());
    }

    private static int dnsPort(Map<String, Object> job) {
        return Integer.parseInt(string(dnsSd(job), "port").orElseThrow());
    }

    private static Map<String, Object> dnsSd(Map<String, Object> job) {
        List<Map<String, Object>> sd = Yaml.list(job, "dns_sd_configs");
        assertThat(sd).as("dns_sd_configs of job %s", string(job, "job_name").orElseThrow()).hasSize(1);
        assertThat(string(sd.getFirst(), "type")).contains("A");
        return sd.getFirst();
    }

    /** The network aliases of a service (on any network). */
    private static List<String> aliases(Map<String, Object> service) {
        return map(service, "networks").values().stream().map(n -> Yaml.path(n, "aliases").orElse(List.of()))
                .flatMap(a -> ((List<?>) a).stream()).map(String::valueOf).toList();
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
