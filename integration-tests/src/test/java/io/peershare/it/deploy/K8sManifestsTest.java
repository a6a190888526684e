package io.peershare.it.deploy;

import io.peershare.it.deploy.K8sManifests.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/k8s parsed and checked without a cluster (our machines have none): the objects kustomization.yaml
 * lists, their selectors, ports, probes, images, and the replicated tracker on the Redis store. Each check is
 * also shown to catch a broken copy of the real manifests.
 */
class K8sManifestsTest {

    private static final Path ROOT = Repository.root();
    private static final Path K8S = ROOT.resolve("deploy/k8s");

    @Test
    void shouldFindNoProblemInTheManifests() {
        K8sManifests manifests = K8sManifests.fromKustomization(K8S, Repository.builtImages());

        assertThat(manifests.problems()).isEmpty();
        assertThat(manifests.resources()).extracting(r -> r.kind() + "/" + r.name())
                .contains("Deployment/tracker", "Service/tracker", "Deployment/redis", "Service/redis",
                        "StatefulSet/peer", "Service/peer");
    }

    @Test
    void shouldBuildEveryImageTheManifestsUse() {
        assertThat(Repository.builtImages())
                .contains(K8sManifests.TRACKER_IMAGE, K8sManifests.PEER_IMAGE, K8sManifests.REDIS_IMAGE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenManifests")
    void shouldReportBrokenManifests(String breakage, Consumer<List<Resource>> breakIt, String expectedProblem) {
        List<Resource> copy = K8sManifests.fromKustomization(K8S, Repository.builtImages()).resources().stream()
                .map(r -> new Resource(r.file(), Yaml.copy(r.doc()))).toList();
        breakIt.accept(copy);

        assertThat(new K8sManifests(copy, Repository.builtImages()).problems())
                .anySatisfy(problem -> assertThat(problem).contains(expectedProblem));
    }

    static Stream<Arguments> brokenManifests() {
        return Stream.of(
                broken("tracker Service selecting the peers",
                        r -> labels(find(r, "Service", "tracker"), "spec", "selector").put("app.kubernetes.io/component", "peer"),
                        "reaches peer, which is not the tracker"),
                broken("tracker Service selecting every pod",
                        r -> labels(find(r, "Service", "tracker"), "spec", "selector").remove("app.kubernetes.io/component"),
                        "must select exactly one workload's pods"),
                broken("Deployment selector not matching its pods",
                        r -> labels(find(r, "Deployment", "tracker"), "spec", "selector", "matchLabels").put("app.kubernetes.io/component", "trackers"),
                        "does not match its pod template's labels"),
                broken("one tracker replica",
                        r -> spec(find(r, "Deployment", "tracker")).put("replicas", 1),
                        "replicas must be 2 or more"),
                broken("tracker on the memory store",
                        r -> env(find(r, "Deployment", "tracker"), "TRACKER_STORE", "memory"),
                        "TRACKER_STORE=redis"),
                broken("Redis address naming no Service",
                        r -> env(find(r, "Deployment", "tracker"), "QUARKUS_REDIS_HOSTS", "redis://cache:6379"),
                        "names no Service 'cache'"),
                broken("Redis address on another port",
                        r -> env(find(r, "Deployment", "tracker"), "QUARKUS_REDIS_HOSTS", "redis://redis:6380"),
                        "has no port 6380"),
                broken("Redis address reaching the peers",
                        r -> env(find(r, "Deployment", "tracker"), "QUARKUS_REDIS_HOSTS", "redis://peer:7070"),
                        "which does not run peershare-redis"),
                broken("readiness on a path the tracker does not serve",
                        r -> container(find(r, "Deployment", "tracker")).put("readinessProbe",
                                Map.of("httpGet", Map.of("path", "/health", "port", "http"))),
                        "readinessProbe must GET /q/health/ready"),
                broken("Service targetPort no container declares",
                        r -> ports(find(r, "Service", "redis")).put("targetPort", "db"),
                        "targetPort db is not a container port of redis"),
                broken("probe on an undeclared port",
                        r -> container(find(r, "StatefulSet", "peer")).put("livenessProbe", Map.of("tcpSocket", Map.of("port", "wired"))),
                        "livenessProbe port wired is not one of its container ports"),
                broken("image nobody builds",
                        r -> container(find(r, "Deployment", "redis")).put("image", "redis:7"),
                        "image 'redis:7' is none of those the repository builds"),
                broken("container without a memory limit",
                        r -> container(find(r, "Deployment", "tracker")).remove("resources"),
                        "resources.limits.memory is not set"),
                broken("pod allowed to run as root",
                        r -> labels(find(r, "Deployment", "redis"), "spec", "template", "spec", "securityContext").remove("runAsNonRoot"),
                        "must run as non-root"),
                broken("peers pointed at a Service that does not exist",
                        r -> env(find(r, "StatefulSet", "peer"), "PEER_TRACKER_URL", "http://trackers:8080"),
                        "names no Service 'trackers'"),
                broken("StatefulSet governed by a Service that does not exist",
                        r -> spec(find(r, "StatefulSet", "peer")).put("serviceName", "peers"),
                        "spec.serviceName 'peers' is not a Service selecting its pods"));
    }

    @Test
    void shouldReportAFileTheKustomizationListsButDoesNotExist(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("kustomization.yaml"), "resources:\n  - tracker.yaml\n  - missing.yaml\n");
        Files.copy(K8S.resolve("tracker.yaml"), dir.resolve("tracker.yaml"));

        assertThat(K8sManifests.fromKustomization(dir, Repository.builtImages()).problems())
                .contains("kustomization.yaml lists missing.yaml, which does not exist in " + dir);
    }

    @Test
    void shouldReportAFileThatDoesNotParse(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("kustomization.yaml"), "resources:\n  - bad.yaml\n");
        Files.writeString(dir.resolve("bad.yaml"), "kind: Service\nmetadata: [unclosed\n");

        assertThat(K8sManifests.fromKustomization(dir, Repository.builtImages()).problems())
                .anySatisfy(problem -> assertThat(problem).startsWith("bad.yaml does not parse as YAML"));
    }

    // --- breaking a copy -------------------------------------------------------------------------------

    private static Arguments broken(String breakage, Consumer<List<Resource>> breakIt, String expectedProblem) {
        return Arguments.of(breakage, breakIt, expectedProblem);
    }

    private static Map<String, Object> find(List<Resource> resources, String kind, String name) {
        return resources.stream().filter(r -> r.kind().equals(kind) && r.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in deploy/k8s")).doc();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> labels(Map<String, Object> doc, String... keys) {
        return (Map<String, Object>) Yaml.path(doc, keys).orElseThrow();
    }

    private static Map<String, Object> spec(Map<String, Object> doc) {
        return labels(doc, "spec");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> container(Map<String, Object> workload) {
        return ((List<Map<String, Object>>) Yaml.path(workload, "spec", "template", "spec", "containers").orElseThrow()).getFirst();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> ports(Map<String, Object> service) {
        return ((List<Map<String, Object>>) Yaml.path(service, "spec", "ports").orElseThrow()).getFirst();
    }

    @SuppressWarnings("unchecked")
    private static void env(Map<String, Object> workload, String name, String value) {
        List<Map<String, Object>> env = (List<Map<String, Object>>) container(workload).get("env");
        env.stream().filter(e -> name.equals(e.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no env " + name)).put("value", value);
    }
}
