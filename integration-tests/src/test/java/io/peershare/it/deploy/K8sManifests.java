package io.peershare.it.deploy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import static io.peershare.it.deploy.Yaml.list;
import static io.peershare.it.deploy.Yaml.map;
import static io.peershare.it.deploy.Yaml.path;
import static io.peershare.it.deploy.Yaml.string;

/**
 * The checks of {@code deploy/k8s}: what {@code kubectl apply} would accept but a cluster would run wrongly
 * (a Service selecting nothing or the wrong pods, a target port no container declares, a probe on a path the
 * tracker does not serve, a tracker that is not replicated on the Redis store, an image nobody builds).
 * {@link #problems()} lists each as one line naming the file and the object; none means the manifests hold.
 */
final class K8sManifests {

    /** One object of a manifest file. */
    record Resource(String file, Map<String, Object> doc) {
        String kind() {
            return string(doc, "kind").orElse("?");
        }

        String name() {
            return string(doc, "metadata", "name").orElse("?");
        }

        @Override
        public String toString() {
            return file + ": " + kind() + " " + name();
        }
    }

    static final String TRACKER_IMAGE = "peershare-tracker";
    static final String PEER_IMAGE = "peershare-peer";
    static final String REDIS_IMAGE = "peershare-redis";

    private final List<Resource> resources;
    private final Set<String> builtImages;
    private final List<String> loadProblems;
    private final List<String> problems = new ArrayList<>();

    /** {@code builtImages}: the image repositories the repository's Dockerfiles produce (peershare-tracker, ...). */
    K8sManifests(List<Resource> resources, Set<String> builtImages) {
        this(resources, builtImages, List.of());
    }

    private K8sManifests(List<Resource> resources, Set<String> builtImages, List<String> loadProblems) {
        this.resources = List.copyOf(resources);
        this.builtImages = Set.copyOf(builtImages);
        this.loadProblems = List.copyOf(loadProblems);
    }

    /** The objects of every file {@code dir/kustomization.yaml} lists; a missing or unparseable file is a problem. */
    static K8sManifests fromKustomization(Path dir, Set<String> builtImages) {
        List<Resource> resources = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Map<String, Object> kustomization = Yaml.loadAll(dir.resolve("kustomization.yaml")).getFirst();
        List<Object> files = Yaml.path(kustomization, "resources").filter(List.class::isInstance)
                .map(l -> List.<Object>copyOf((List<?>) l)).orElse(List.of());
        if (files.isEmpty()) {
            problems.add("kustomization.yaml lists no resources");
        }
        for (Object file : files) {
            Path path = dir.resolve(String.valueOf(file));
            if (!Files.isRegularFile(path)) {
                problems.add("kustomization.yaml lists " + file + ", which does not exist in " + dir);
                continue;
            }
            try {
                Yaml.loadAll(path).forEach(doc -> resources.add(new Resource(String.valueOf(file), doc)));
            } catch (RuntimeException e) {
                problems.add(file + " does not parse as YAML: " + e.getMessage().lines().findFirst().orElse(""));
            }
        }
        return new K8sManifests(resources, builtImages, problems);
    }

    List<Resource> resources() {
        return resources;
    }

    List<String> problems() {
        problems.clear();
        problems.addAll(loadProblems);
        for (Resource r : resources) {
            if (string(r.doc(), "apiVersion").isEmpty() || string(r.doc(), "kind").isEmpty()
                    || string(r.doc(), "metadata", "name").isEmpty()) {
                problems.add(r + ": apiVersion, kind and metadata.name are required");
            }
        }
        workloads().forEach(this::checkWorkload);
        services().forEach(this::checkService);
        checkTracker();
        checkPeers();
        return List.copyOf(problems);
    }

    // --- workloads -------------------------------------------------------------------------------------

    private List<Resource> workloads() {
        return resources.stream().filter(r -> r.kind().equals("Deployment") || r.kind().equals("StatefulSet")).toList();
    }

    private List<Resource> services() {
        return resources.stream().filter(r -> r.kind().equals("Service")).toList();
    }

    private static Map<String, Object> podLabels(Resource workload) {
        return map(workload.doc(), "spec", "template", "metadata", "labels");
    }

    private static List<Map<String, Object>> containers(Resource workload) {
        return list(workload.doc(), "spec", "template", "spec", "containers");
    }

    private void checkWorkload(Resource w) {
        Map<String, Object> selector = map(w.doc(), "spec", "selector", "matchLabels");
        if (selector.isEmpty()) {
            problems.add(w + ": spec.selector.matchLabels is empty");
        } else if (!matches(selector, podLabels(w))) {
            problems.add(w + ": selector " + selector + " does not match its pod template's labels " + podLabels(w));
        }
        if (containers(w).isEmpty()) {
            problems.add(w + ": no containers");
        }
        Map<String, Object> podSecurity = map(w.doc(), "spec", "template", "spec", "securityContext");
        for (Map<String, Object> c : containers(w)) {
            String name = w + " container " + string(c, "name").orElse("?");
            checkImage(name, string(c, "image").orElse(""));
            checkResources(name, c);
            checkNonRoot(name, podSecurity, map(c, "securityContext"));
            for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
                Map<String, Object> p = map(c, probe);
                Object port = path(p, "httpGet", "port").or(() -> path(p, "tcpSocket", "port")).orElse(null);
                if (port != null && !declaresPort(c, port)) {
                    problems.add(name + ": " + probe + " port " + port + " is not one of its container ports");
                }
            }
        }
        if (w.kind().equals("StatefulSet")) {
            String governing = string(w.doc(), "spec", "serviceName").orElse("");
            if (services().stream().noneMatch(s -> s.name().equals(governing) && selects(s, w))) {
                problems.add(w + ": spec.serviceName '" + governing + "' is not a Service selecting its pods");
            }
        }
    }

    private void checkImage(String container, String image) {
        String repository = image.contains(":") ? image.substring(0, image.lastIndexOf(':')) : image;
        if (!builtImages.contains(repository)) {
            problems.add(container + ": image '" + image + "' is none of those the repository builds " + builtImages);
        }
    }

    private void checkResources(String container, Map<String, Object> c) {
        for (String required : List.of("requests.cpu", "requests.memory", "limits.memory")) {
            String[] keys = required.split("\\.");
            if (path(map(c, "resources"), keys).isEmpty()) {
                problems.add(container + ": resources." + required + " is not set");
            }
        }
    }

    private void checkNonRoot(String container, Map<String, Object> pod, Map<String, Object> own) {
        Object nonRoot = path(own, "runAsNonRoot").or(() -> path(pod, "runAsNonRoot")).orElse(false);
        Object user = path(own, "runAsUser").or(() -> path(pod, "runAsUser")).orElse(null);
        // The images name their user (USER peershare) or use a numeric one; runAsNonRoot can only verify a number.
        if (!Boolean.TRUE.equals(nonRoot) || !(user instanceof Integer uid) || uid == 0) {
            problems.add(container + ": must run as non-root with a numeric runAsUser (the images' 10001)");
        }
    }

    private static boolean declaresPort(Map<String, Object> container, Object port) {
        for (Map<String, Object> p : list(container, "ports")) {
            if (port instanceof String name ? name.equals(p.get("name")) : Objects.equals(port, p.get("containerPort"))) {
                return true;
            }
        }
        return false;
    }

    // --- services --------------------------------------------------------------------------------------

    private static boolean matches(Map<String, Object> selector, Map<String, Object> labels) {
        return !selector.isEmpty() && labels.entrySet().containsAll(selector.entrySet());
    }

    private static boolean selects(Resource service, Resource workload) {
        return matches(map(service.doc(), "spec", "selector"), podLabels(workload));
    }

    private List<Resource> selected(Resource service) {
        return workloads().stream().filter(w -> selects(service, w)).toList();
    }

    private void checkService(Resource s) {
        List<Resource> selected = selected(s);
        if (selected.size() != 1) {
            problems.add(s + ": selector " + map(s.doc(), "spec", "selector") + " must select exactly one workload's pods, selects "
                    + selected.stream().map(Resource::name).toList());
            return;
        }
        List<Map<String, Object>> containers = containers(selected.getFirst());
        for (Map<String, Object> port : list(s.doc(), "spec", "ports")) {
            Object target = port.getOrDefault("targetPort", port.get("port"));
            if (containers.stream().noneMatch(c -> declaresPort(c, target))) {
                problems.add(s + ": targetPort " + target + " is not a container port of " + selected.getFirst().name());
            }
        }
    }

    /** The Service a URL's host and port name, and the one workload it selects. */
    private Optional<Resource> workloadBehind(String owner, String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            problems.add(owner + ": '" + url + "' is not a URL");
            return Optional.empty();
        }
        Optional<Resource> service = services().stream().filter(s -> s.name().equals(uri.getHost())).findFirst();
        if (service.isEmpty()) {
            problems.add(owner + ": " + url + " names no Service '" + uri.getHost() + "'");
            return Optional.empty();
        }
        if (list(service.get().doc(), "spec", "ports").stream().noneMatch(p -> Objects.equals(p.get("port"), uri.getPort()))) {
            problems.add(owner + ": " + url + ": Service " + uri.getHost() + " has no port " + uri.getPort());
        }
        List<Resource> selected = selected(service.get());
        return selected.size() == 1 ? Optional.of(selected.getFirst()) : Optional.empty();
    }

    // --- the applications ------------------------------------------------------------------------------

    private List<Resource> running(String image) {
        return workloads().stream()
                .filter(w -> containers(w).stream().anyMatch(c -> string(c, "image").orElse("").startsWith(image + ":")))
                .toList();
    }

    private static Optional<String> env(Map<String, Object> container, String name) {
        return list(container, "env").stream().filter(e -> name.equals(e.get("name")))
                .map(e -> e.get("value")).filter(String.class::isInstance).map(String.class::cast).findFirst();
    }

    private static Map<String, Object> container(Resource workload, String image) {
        return containers(workload).stream().filter(c -> string(c, "image").orElse("").startsWith(image + ":"))
                .findFirst().orElseThrow();
    }

    private void checkTracker() {
        List<Resource> trackers = running(TRACKER_IMAGE);
        if (trackers.size() != 1 || !trackers.getFirst().kind().equals("Deployment")) {
            problems.add("one Deployment must run " + TRACKER_IMAGE + ", found " + trackers);
            return;
        }
        Resource tracker = trackers.getFirst();
        Object replicas = path(tracker.doc(), "spec", "replicas").orElse(1);
        if (!(replicas instanceof Integer n) || n < 2) {
            problems.add(tracker + ": replicas must be 2 or more (a replica lost must not stop the registry), is " + replicas);
        }
        Map<String, Object> c = container(tracker, TRACKER_IMAGE);
        if (!env(c, "TRACKER_STORE").equals(Optional.of("redis"))) {
            problems.add(tracker + ": replicas share their registry only with TRACKER_STORE=redis, is " + env(c, "TRACKER_STORE"));
        }
        Optional<String> redis = env(c, "QUARKUS_REDIS_HOSTS");
        if (redis.isEmpty()) {
            problems.add(tracker + ": QUARKUS_REDIS_HOSTS is not set");
        } else {
            Optional<Resource> behind = workloadBehind(tracker + " QUARKUS_REDIS_HOSTS", redis.get());
            if (behind.isPresent() && running(REDIS_IMAGE).stream().noneMatch(behind.get()::equals)) {
                problems.add(tracker + ": QUARKUS_REDIS_HOSTS " + redis.get() + " reaches " + behind.get().name() + ", which does not run " + REDIS_IMAGE);
            }
        }
        checkHttpProbe(tracker, c, "readinessProbe", "/q/health/ready");
        checkHttpProbe(tracker, c, "livenessProbe", "/q/health/live");
    }

    private void checkHttpProbe(Resource owner, Map<String, Object> container, String probe, String expectedPath) {
        Optional<String> path = string(map(container, probe), "httpGet", "path");
        if (!path.equals(Optional.of(expectedPath))) {
            problems.add(owner + ": " + probe + " must GET " + expectedPath + " (served by the tracker), is " + path.orElse("none"));
        }
    }

    private void checkPeers() {
        List<Resource> peers = running(PEER_IMAGE);
        if (peers.isEmpty()) {
            problems.add("no workload runs " + PEER_IMAGE);
        }
        for (Resource peer : peers) {
            Optional<String> url = env(container(peer, PEER_IMAGE), "PEER_TRACKER_URL");
            if (url.isEmpty()) {
                problems.add(peer + ": PEER_TRACKER_URL is not set");
                continue;
            }
            Optional<Resource> behind = workloadBehind(peer + " PEER_TRACKER_URL", url.get());
            if (behind.isPresent() && running(TRACKER_IMAGE).stream().noneMatch(behind.get()::equals)) {
                problems.add(peer + ": PEER_TRACKER_URL " + url.get() + " reaches " + behind.get().name() + ", which is not the tracker");
            }
        }
    }
}
