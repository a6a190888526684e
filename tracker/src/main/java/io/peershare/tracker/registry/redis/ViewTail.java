package io.peershare.tracker.registry.redis;

import io.peershare.tracker.registry.InMemoryRegistry;
import io.peershare.tracker.registry.RegistryException;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One replica's view of the shared registry, kept current by tailing the change stream on one thread: load
 * every peer (noting the stream's last id first), then apply the events after that id, a bounded batch at a
 * time. It reloads into a fresh view, swapped in whole, when Redis lost its data (the epoch key vanished or
 * changed) or trimmed events this replica had not read yet. While Redis is unreachable, the view stays as it was.
 */
final class ViewTail implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ViewTail.class);
    /** Events per read; at most the stream's length bound, so a batch that is not full proves no gap. */
    static final int BATCH = 1000;
    private static final Duration EPOCH_CHECK = Duration.ofSeconds(1);

    private final RedisStore store;
    private final Supplier<InMemoryRegistry> newView;
    private final Duration block;
    private final String events;
    private final AtomicLong appliedVersion = new AtomicLong();
    private volatile InMemoryRegistry view;
    /** The view a reload is filling, before it is swapped in (null when none is). */
    private volatile InMemoryRegistry loading;
    private volatile String epoch;
    private volatile boolean reloadWanted = true;
    private volatile boolean loaded;
    private volatile boolean reachable = true;
    private volatile boolean closed;
    private String lastId = "0-0";
    private long epochCheckedAt;
    private Thread thread;

    ViewTail(RedisStore store, Supplier<InMemoryRegistry> newView, Duration block) {
        this.store = store;
        this.newView = newView;
        this.block = block;
        this.events = store.prefix() + "events";
        this.view = newView.get();
    }

    void start() {
        thread = Thread.ofPlatform().daemon().name("registry-tail").start(this::run);
    }

    InMemoryRegistry view() {
        return view;
    }

    /**
     * Applies this replica's own write to its view before it answers (read-your-writes through one replica),
     * and to the view a reload is filling, so the swap cannot lose it; applying twice is harmless (versions).
     */
    void applyLocal(Consumer<InMemoryRegistry> write) {
        InMemoryRegistry current = view;
        write.accept(current);
        InMemoryRegistry filling = loading;
        if (filling != null) {
            write.accept(filling);
        }
        InMemoryRegistry after = view;
        if (after != current && after != filling) {
            write.accept(after);
        }
    }

    /** The data set this replica believes Redis holds (null before the first contact). */
    String epoch() {
        return epoch;
    }

    /** The view was loaded from Redis at least once. */
    boolean loaded() {
        return loaded;
    }

    /** Redis answered the tail's last call. */
    boolean reachable() {
        return reachable;
    }

    /** The highest version of the stream this view has applied (removals up to it can be forgotten). */
    long appliedVersion() {
        return appliedVersion.get();
    }

    /** A write found another epoch: learn the current one (creating it on an empty Redis) and reload the view. */
    String renewEpoch() {
        reloadWanted = true;
        epoch = currentEpoch();
        return epoch;
    }

    private String currentEpoch() {
        String key = store.prefix() + "epoch";
        store.send(Request.cmd(Command.SET).arg(key).arg(UUID.randomUUID().toString()).arg("NX"));
        Response current = store.send(Request.cmd(Command.GET).arg(key));
        if (current == null) {
            throw StoreErrors.lost();
        }
        return current.toString();
    }

    private void run() {
        while (!closed) {
            try {
                step();
                if (!reachable) {
                    LOG.info("the registry store (Redis) answers again");
                }
                reachable = true;
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                if (reachable) {
                    LOG.warnf("the registry store (Redis) cannot be read (%s); serving the last view and retrying every second",
                            e.getMessage());
                }
                reachable = false;
                pause();
            }
        }
    }

    private void step() {
        if (reloadWanted) {
            reload();
        }
        long now = System.currentTimeMillis();
        if (now - epochCheckedAt >= EPOCH_CHECK.toMillis()) {
            epochCheckedAt = now;
            Response current = store.send(Request.cmd(Command.GET).arg(store.prefix() + "epoch"));
            if (current == null || !current.toString().equals(epoch)) {
                LOG.warn("the registry store lost or replaced its data (its epoch changed); reloading this replica's view");
                reloadWanted = true;
                return;
            }
        }
        Response read = store.send(Request.cmd(Command.XREAD).arg("COUNT").arg(BATCH).arg("BLOCK").arg(block.toMillis())
                .arg("STREAMS").arg(events).arg(lastId), block);
        if (read == null || read.size() == 0) {
            return;
        }
        Response entries = read.get(0).get(1);
        if (entries.size() >= BATCH && trimmedPast(lastId)) {
            LOG.warn("this replica fell behind the registry's change stream (trimmed); reloading its view");
            reloadWanted = true;
            return;
        }
        InMemoryRegistry target = view;
        for (Response entry : entries) {
            apply(target, entry.get(1));
            lastId = entry.get(0).toString();
        }
    }

    /** Whether events after {@code id} were trimmed: the stream now starts later. */
    private boolean trimmedPast(String id) {
        Response first = store.send(Request.cmd(Command.XRANGE).arg(events).arg("-").arg("+").arg("COUNT").arg(1));
        return first != null && first.size() > 0 && compareIds(first.get(0).get(0).toString(), id) > 0;
    }

    static int compareIds(String a, String b) {
        String[] x = a.split("-");
        String[] y = b.split("-");
        int c = Long.compare(Long.parseLong(x[0]), Long.parseLong(y[0]));
        return c != 0 ? c : Long.compare(Long.parseLong(x[1]), Long.parseLong(y[1]));
    }

    private void apply(InMemoryRegistry target, Response fieldList) {
        Map<String, String> f = new HashMap<>();
        for (int i = 0; i + 1 < fieldList.size(); i += 2) {
            f.put(fieldList.get(i).toString(), fieldList.get(i + 1).toString());
        }
        String hostname = f.get("h");
        switch (f.get("t")) {
            case "put" -> {
                long version = Long.parseLong(f.get("v"));
                target.updates().applyState(version, PeerStates.of(hostname, f.get("k"), f.get("a"), f.get("p"), f.get("r"),
                        f.get("l"), f.get("f")));
                appliedVersion.accumulateAndGet(version, Math::max);
            }
            case "seen" -> target.updates().applySeen(hostname, PeerStates.millis(f.get("l")));
            case "gone" -> {
                long version = Long.parseLong(f.get("v"));
                target.updates().applyRemoval(version, hostname);
                appliedVersion.accumulateAndGet(version, Math::max);
            }
            default -> LOG.debugf("ignoring a registry event of unknown type %s", f.get("t"));
        }
    }

    /** Loads every peer into a fresh view and swaps it in; the tail goes on from the stream's end as it was before. */
    private void reload() {
        Response last = store.send(Request.cmd(Command.XREVRANGE).arg(events).arg("+").arg("-").arg("COUNT").arg(1));
        String from = last == null || last.size() == 0 ? "0-0" : last.get(0).get(0).toString();
        String current = currentEpoch();
        InMemoryRegistry fresh = newView.get();
        loading = fresh;
        Response hostnames = store.send(Request.cmd(Command.ZRANGE).arg(store.prefix() + "seen").arg(0).arg(-1));
        List<String> all = new ArrayList<>(hostnames.size());
        hostnames.forEach(h -> all.add(h.toString()));
        long highest = 0;
        for (int i = 0; i < all.size(); i += 200) {
            List<String> chunk = all.subList(i, Math.min(all.size(), i + 200));
            List<Request> requests = new ArrayList<>(chunk.size() * 2);
            for (String h : chunk) {
                requests.add(Request.cmd(Command.HMGET).arg(store.prefix() + "peer:" + h).arg("v").arg("k").arg("a")
                        .arg("p").arg("r").arg("l"));
                requests.add(Request.cmd(Command.HVALS).arg(store.prefix() + "files:" + h));
            }
            List<Response> answers = store.batch(requests);
            for (int j = 0; j < chunk.size(); j++) {
                highest = Math.max(highest, load(fresh, chunk.get(j), answers.get(2 * j), answers.get(2 * j + 1)));
            }
        }
        view = fresh;
        loading = null;
        lastId = from;
        epoch = current;
        appliedVersion.accumulateAndGet(highest, Math::max);
        reloadWanted = false;
        loaded = true;
        LOG.infof("registry view loaded from Redis: %d peer(s)", fresh.size());
    }

    private static long load(InMemoryRegistry target, String hostname, Response peer, Response files) {
        if (peer.get(0) == null || peer.get(1) == null) {
            return 0; // expired between the two reads
        }
        StringBuilder json = new StringBuilder("[");
        for (Response file : files) {
            json.append(json.length() > 1 ? "," : "").append(file.toString());
        }
        long version = peer.get(0).toLong();
        target.updates().applyState(version, PeerStates.of(hostname, peer.get(1).toString(), peer.get(2).toString(),
                peer.get(3).toString(), peer.get(4).toString(), peer.get(5).toString(), json.append(']').toString()));
        return version;
    }

    private void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    @Override
    public void close() {
        closed = true;
        if (thread != null) {
            thread.interrupt();
        }
    }

    /** Failures of the store's content (not of the connection). */
    static final class StoreErrors {
        private StoreErrors() {
        }

        static RegistryException lost() {
            return new RegistryException(RegistryException.Kind.STORE_UNREACHABLE, "the registry store (Redis) lost "
                    + "its data while the tracker wrote to it; retry in a moment");
        }
    }
}
