package io.peershare.it.population;

import io.peershare.protocol.api.RegisterSignature;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * A simulated population of peers against one tracker URL: each peer has its own Ed25519 key, registers
 * (signed, as a real peer does), announces its files (PUT, the whole list) and heartbeats at the interval.
 * Peers draw their files from a shared {@link Catalog} with a Zipf skew, so names and contents are shared as
 * in a real swarm. No peer serves anything: run the tracker with {@code tracker.verify-reachability=false}.
 *
 * <p>Bounded: {@code threads} workers, each sending one request at a time over the client's keep-alive
 * connections, every request with a deadline. Usable from a test ({@link #fill()}, {@link #heartbeats}) and
 * from a shell ({@link #main}; bench/tracker-scale.sh). Rates, outcomes by status and p50/p99 are printed per
 * phase, one line each, prefixed {@code POPULATION}.
 */
public final class Population implements AutoCloseable {

    private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern PROBLEM_TYPE = Pattern.compile("\"type\"\\s*:\\s*\"[^\"]*?([^/:\"]+)\"");
    /** Retries of a 503 before it counts as the answer. */
    private static final int RETRIES = 3;

    private final PopulationConfig config;
    private final Catalog catalog;
    private final HttpClient http;
    private final ExecutorService workers;
    private final String[] publicKeys;
    private final PrivateKey[] privateKeys;
    private final AtomicLongArray lastTimestamp;
    private final String[] tokens;
    private final double keySeconds;
    /** Items some peer announced with success (racy writes of true only: harmless). */
    private final boolean[] announcedItems;

    public final Stats registered = new Stats("register");
    public final Stats announced = new Stats("announce");
    public final Stats heartbeat = new Stats("heartbeat");

    public Population(PopulationConfig config) {
        this.config = config;
        this.catalog = new Catalog(config.catalog(), config.skew());
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(config.timeout()).build();
        this.workers = Executors.newFixedThreadPool(config.threads());
        this.publicKeys = new String[config.peers()];
        this.privateKeys = new PrivateKey[config.peers()];
        this.lastTimestamp = new AtomicLongArray(config.peers());
        this.tokens = new String[config.peers()];
        this.announcedItems = new boolean[config.catalog()];
        long started = System.nanoTime();
        if (!KeyCache.load(config.keys(), publicKeys, privateKeys)) {
            IntStream.range(0, config.peers()).parallel().forEach(this::newKey);
            KeyCache.save(config.keys(), publicKeys, privateKeys);
        }
        this.keySeconds = (System.nanoTime() - started) / 1e9;
    }

    /**
     * {@code --name value} flags (see {@link PopulationConfig}); also {@code --names-out FILE} (with
     * {@code --names-count K}, default 10000): after the fill, K announced names drawn with the catalog's skew,
     * one a line, for a load generator asking for sources as fetchers would (popular files more often); and
     * {@code --tokens-out FILE}: at the end, "hostname token" of every registered peer, one a line, for a load
     * generator heartbeating as they would (bench/scale/heartbeat.lua).
     */
    public static void main(String[] args) throws Exception {
        java.util.List<String> rest = new java.util.ArrayList<>(java.util.List.of(args));
        String namesOut = take(rest, "--names-out", null);
        String tokensOut = take(rest, "--tokens-out", null);
        int namesCount = Integer.parseInt(take(rest, "--names-count", "10000"));
        PopulationConfig config = PopulationConfig.parse(rest.toArray(String[]::new));
        try (Population population = new Population(config)) {
            System.out.printf("POPULATION keys %d in %.1f s (%.0f/s)%n", config.peers(), population.keySeconds,
                    config.peers() / population.keySeconds);
            population.fill();
            if (namesOut != null) {
                java.nio.file.Files.write(java.nio.file.Path.of(namesOut), population.requestNames(namesCount));
            }
            if (!config.duration().isZero()) {
                population.heartbeats(config.duration());
            }
            if (tokensOut != null) { // after the heartbeats: a peer that had to register again has a new token
                java.nio.file.Files.write(java.nio.file.Path.of(tokensOut), population.tokenLines());
            }
        }
    }

    private static String take(java.util.List<String> args, String flag, String fallback) {
        int at = args.indexOf(flag);
        if (at < 0 || at + 1 >= args.size()) {
            return fallback;
        }
        String value = args.remove(at + 1);
        args.remove(at);
        return value;
    }

    /** {@code count} names that some peer announced, drawn with the catalog's skew (repeats allowed). */
    public java.util.List<String> requestNames(int count) {
        SplittableRandom random = new SplittableRandom(config.seed());
        java.util.List<String> names = new java.util.ArrayList<>(count);
        for (int tries = 0; names.size() < count && tries < count * 100; tries++) {
            int item = catalog.draw(random);
            if (announcedItems[item]) {
                names.add(catalog.name(item));
            }
        }
        return names;
    }

    /** "hostname token" of every peer registered now (a peer whose registration failed has no token). */
    public java.util.List<String> tokenLines() {
        return java.util.stream.IntStream.range(0, tokens.length).filter(peer -> tokens[peer] != null)
                .mapToObj(peer -> hostname(peer) + " " + tokens[peer]).toList();
    }

    public Catalog catalog() {
        return catalog;
    }

    /** Seconds it took to make every peer's key (Ed25519, in parallel). */
    public double keySeconds() {
        return keySeconds;
    }

    public String hostname(int peer) {
        return config.prefix() + "-" + String.format("%06d", peer);
    }

    /** The files peer {@code peer} holds, as catalog items (the same every run: seeded by the peer number). */
    public int[] items(int peer) {
        return catalog.pick(config.filesPerPeer(), new SplittableRandom(config.seed() * 1_000_003L + peer));
    }

    /** Registers every peer (at the register rate), then announces every peer's files; prints both phases. */
    public void fill() throws InterruptedException {
        double seconds = phase(config.peers(), config.registerRate(), this::register);
        System.out.println("POPULATION " + registered.line(seconds));
        seconds = phase(config.peers(), 0, this::announce);
        System.out.println("POPULATION " + announced.line(seconds));
    }

    /**
     * Every registered peer heartbeats once per interval, spread evenly, for {@code duration}. Workers that fall
     * behind send at once: the achieved rate against the target ({@code peers / interval}) and the lateness of
     * the last heartbeat say whether the tracker absorbs them.
     */
    public void heartbeats(Duration duration) throws InterruptedException {
        long total = (long) (duration.toNanos() / (double) config.heartbeatInterval().toNanos() * config.peers());
        double target = config.peers() / (config.heartbeatInterval().toNanos() / 1e9);
        AtomicLong late = new AtomicLong();
        double seconds = phase(total, target, n -> {
            int peer = (int) (n % config.peers());
            beat(peer);
        }, late);
        System.out.println("POPULATION " + heartbeat.line(seconds) + "  target %.0f/s, max lateness %d ms"
                .formatted(target, late.get() / 1_000_000));
    }

    private double phase(long count, double rate, IntConsumer task) throws InterruptedException {
        return phase(count, rate, n -> task.accept((int) n), new AtomicLong());
    }

    /** Runs {@code task(0..count-1)} on the workers, task n not before n / rate seconds (rate 0: at once). */
    private double phase(long count, double rate, java.util.function.LongConsumer task, AtomicLong maxLate)
            throws InterruptedException {
        AtomicLong next = new AtomicLong();
        long start = System.nanoTime();
        Runnable worker = () -> {
            for (long n = next.getAndIncrement(); n < count; n = next.getAndIncrement()) {
                if (rate > 0) {
                    long due = start + (long) (n * 1e9 / rate);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        sleep(wait);
                    } else {
                        maxLate.accumulateAndGet(-wait, Math::max);
                    }
                }
                task.accept(n);
            }
        };
        var done = IntStream.range(0, config.threads()).mapToObj(t -> workers.submit(worker)).toList();
        for (var future : done) {
            try {
                future.get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("a population worker failed: " + e.getCause(), e.getCause());
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static void sleep(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** POST /api/v1/peers, signed with the peer's key; keeps the token. A retry is signed anew (a re-sent one is a replay). */
    void register(int peer) {
        HttpResponse<String> answer = send(registered, () -> registration(peer), 201);
        if (answer != null && answer.statusCode() == 201) {
            Matcher token = TOKEN.matcher(answer.body());
            tokens[peer] = token.find() ? token.group(1) : null;
        }
    }

    private HttpRequest.Builder registration(int peer) {
        String hostname = hostname(peer);
        int port = 1024 + peer % 64_000;
        // A key's timestamps must increase: the tracker refuses a replay.
        long timestamp = lastTimestamp.updateAndGet(peer, last -> Math.max(System.currentTimeMillis(), last + 1));
        String signature = sign(privateKeys[peer],
                RegisterSignature.canonical(hostname, config.address(), port, timestamp));
        String body = "{\"hostname\":\"" + hostname + "\",\"address\":\"" + config.address() + "\",\"port\":" + port
                + ",\"token\":null,\"publicKey\":\"" + publicKeys[peer] + "\",\"timestamp\":" + timestamp
                + ",\"signature\":\"" + signature + "\"}";
        return request("/api/v1/peers", null).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
    }

    /** PUT /api/v1/peers/{hostname}/files: the peer's whole list. */
    void announce(int peer) {
        if (tokens[peer] == null) {
            return; // not registered: counted under register
        }
        StringBuilder body = new StringBuilder(config.filesPerPeer() * 220).append("{\"files\":[");
        SplittableRandom partial = new SplittableRandom(config.seed() ^ peer);
        int[] items = items(peer);
        for (int i = 0; i < items.length; i++) {
            int item = items[i];
            body.append(i == 0 ? "" : ",").append("{\"name\":\"").append(catalog.name(item)).append("\",\"size\":")
                    .append(catalog.bytes(item)).append(",\"sha256\":\"").append(catalog.sha256(item))
                    .append("\",\"manifest\":\"").append(catalog.manifest(item)).append("\",\"partial\":")
                    .append(partial.nextDouble() < config.partialShare()).append('}');
        }
        body.append("]}");
        HttpRequest.Builder put = request("/api/v1/peers/" + hostname(peer) + "/files", tokens[peer])
                .PUT(HttpRequest.BodyPublishers.ofString(body.toString())).header("Content-Type", "application/json");
        HttpResponse<String> answer = send(announced, () -> put, 204);
        if (answer != null && answer.statusCode() == 204) {
            for (int item : items) {
                announcedItems[item] = true;
            }
        }
    }

    /** PUT /api/v1/peers/{hostname}/heartbeat; a 404 (expired, or the tracker restarted) re-registers and re-announces. */
    void beat(int peer) {
        if (tokens[peer] == null) {
            register(peer);
            announce(peer);
            return;
        }
        HttpRequest.Builder put = request("/api/v1/peers/" + hostname(peer) + "/heartbeat", tokens[peer])
                .PUT(HttpRequest.BodyPublishers.noBody());
        HttpResponse<String> answer = send(heartbeat, () -> put, 204);
        if (answer != null && answer.statusCode() == 404) {
            tokens[peer] = null;
        }
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(config.tracker().resolve(path)).timeout(config.timeout());
        return token == null ? builder : builder.header("Authorization", "Bearer " + token);
    }

    /**
     * Sends, records the outcome in {@code stats}; null when no answer came. A 503 (a tracker or its store busy, a
     * balancer without a ready replica) is retried after its Retry-After, as a peer does, at most {@link #RETRIES}
     * times; each retried answer is counted under its status and problem type with " retried".
     */
    private HttpResponse<String> send(Stats stats, Supplier<HttpRequest.Builder> request, int expected) {
        for (int attempt = 0; ; attempt++) {
            long started = System.nanoTime();
            try {
                HttpResponse<String> answer = http.send(request.get().build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 503 && attempt < RETRIES) {
                    stats.retried(503, problemType(answer.body()), System.nanoTime() - started);
                    sleep(retryAfter(answer).toNanos());
                    continue;
                }
                stats.answered(answer.statusCode(), System.nanoTime() - started, answer.statusCode() == expected);
                return answer;
            } catch (IOException e) {
                stats.failed(e, System.nanoTime() - started);
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    /** The problem's type name (the last segment of its "type" URI or URN), or "no problem body" (e.g. the balancer's own page). */
    static String problemType(String body) {
        Matcher type = PROBLEM_TYPE.matcher(body == null ? "" : body);
        return type.find() ? type.group(1) : "no problem body";
    }

    private static Duration retryAfter(HttpResponse<?> answer) {
        long seconds = answer.headers().firstValue("Retry-After").map(value -> {
            try {
                return Long.parseLong(value.strip());
            } catch (NumberFormatException e) {
                return 1L;
            }
        }).orElse(1L);
        return Duration.ofSeconds(Math.clamp(seconds, 1, 5));
    }

    private void newKey(int peer) {
        try {
            KeyPair pair = KeyPairGenerator.getInstance(RegisterSignature.ALGORITHM).generateKeyPair();
            publicKeys[peer] = RegisterSignature.encode(pair.getPublic());
            privateKeys[peer] = pair.getPrivate();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java has no Ed25519", e);
        }
    }

    private static String sign(PrivateKey key, String text) {
        try {
            Signature signer = Signature.getInstance(RegisterSignature.ALGORITHM);
            signer.initSign(key);
            signer.update(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
        http.close();
    }
}
