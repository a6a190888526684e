package io.peershare.peer.tracker;

import io.peershare.peer.repository.IndexEntry;
import io.peershare.peer.repository.Repository;
import io.peershare.peer.repository.RepositoryListener;
import io.peershare.peer.swarm.PartialFiles;
import io.peershare.protocol.api.FileEntry;
import io.peershare.protocol.api.RegisterResponse;
import io.peershare.protocol.api.TransferReport;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * This peer's soft state at the tracker. One thread does everything, in order, so the token and the
 * registered flag need no locks: register (retrying with backoff while the tracker is down or refuses),
 * announce the whole list (whole files, and downloads in progress as partial entries), heartbeat at the
 * interval the tracker asks for, announce or withdraw each change, and register again with a full announce
 * when a heartbeat gets 404 (the tracker restarted and forgot us). On close it unregisters.
 */
public final class TrackerSession implements RepositoryListener, PartialFiles.Listener, AutoCloseable {

    /** Not a monitor: a virtual thread waiting on one pins its carrier on JDK 21 (NoMonitorsTest). */
    private final ReentrantLock lock = new ReentrantLock();

    private static final Logger LOG = Logger.getLogger(TrackerSession.class);
    static final long FIRST_BACKOFF_MILLIS = 250;
    static final long MAX_BACKOFF_MILLIS = 15_000;

    private sealed interface Event permits Announce, Withdraw, Stop {
    }

    private record Announce(FileEntry entry) implements Event {
    }

    private record Withdraw(String name) implements Event {
    }

    private record Stop() implements Event {
    }

    private final TrackerClient client;
    private final Repository repository;
    private final PartialFiles partials;
    private final Identity identity;
    private final PeerKey key;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private volatile boolean registered;
    private volatile boolean running;
    /** Volatile: the transfer reporter's thread reads it too ({@link #reportTransfers}). */
    private volatile String token;
    /** Volatile: tests read it; only the session's thread writes it. */
    private volatile long heartbeatMillis = 5000;
    private String lastProblem;
    private Thread thread;

    /** Who this peer is at the tracker; the port is read when registering (the server may have bound port 0). */
    public record Identity(String hostname, String address, java.util.function.IntSupplier port) {
    }

    public TrackerSession(TrackerClient client, Repository repository, PartialFiles partials, Identity identity,
                          PeerKey key) {
        this.key = key;
        this.client = client;
        this.repository = repository;
        this.partials = partials;
        this.identity = identity;
    }

    /** Starts registering; call once the file server listens (the tracker PINGs it before accepting). */
    public void start() {
        lock.lock();
        try {
            running = true;
            repository.addListener(this);
            partials.addListener(this);
            thread = Thread.ofVirtual().name("tracker-session").start(this::loop);
        } finally {
            lock.unlock();
        }
    }

    public boolean registered() {
        return registered;
    }

    /**
     * Sends {@code report} under this peer's name and current token, on the caller's thread (the transfer
     * reporter's, never the session's: a slow dashboard must not delay a heartbeat). Returns false, sending
     * nothing, while not registered. A 404/401/403 needs no action here: the next heartbeat finds it too.
     */
    public boolean reportTransfers(TransferReport report) throws TrackerException {
        String current = token;
        if (!registered || current == null) {
            return false;
        }
        client.reportTransfers(identity.hostname(), current, report);
        return true;
    }

    private void loop() {
        long backoff = FIRST_BACKOFF_MILLIS;
        long nextHeartbeat = 0;
        try {
            while (running) {
                if (!registered) {
                    if (!register()) {
                        if (events.poll(backoff, TimeUnit.MILLISECONDS) instanceof Stop) {
                            return;
                        }
                        backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
                        continue;
                    }
                    backoff = FIRST_BACKOFF_MILLIS;
                    nextHeartbeat = System.currentTimeMillis() + heartbeatMillis;
                }
                Event event = events.poll(Math.max(0, nextHeartbeat - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
                if (event instanceof Stop) {
                    return;
                }
                if (event != null) {
                    handle(event);
                } else {
                    heartbeat();
                    nextHeartbeat = System.currentTimeMillis() + heartbeatMillis;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean register() {
        try {
            // Signed by this peer's key: the tracker gives the hostname only to the key that first registered it.
            RegisterResponse answer = client.register(key.sign(identity.hostname(), identity.address(),
                    identity.port().getAsInt(), token));
            token = answer.token();
            heartbeatMillis = answer.heartbeatIntervalMillis() > 0 ? answer.heartbeatIntervalMillis() : 5000;
            events.removeIf(e -> !(e instanceof Stop)); // the full announce below covers them
            List<FileEntry> files = everything();
            client.announceAll(identity.hostname(), token, files);
            registered = true;
            lastProblem = null;
            LOG.infof("registered with the tracker at %s as %s (%s:%d); %d files announced", client.base(),
                    identity.hostname(), identity.address(), identity.port().getAsInt(), files.size());
            return true;
        } catch (TrackerException e) {
            reportRegistrationFailure(e);
            return false;
        }
    }

    private void reportRegistrationFailure(TrackerException e) {
        String advice = switch (e.status()) {
            case 422 -> "the tracker refused this peer's address " + identity.address() + ":" + identity.port().getAsInt()
                    + "; set peer.advertised-address to the address this peer's requests come from and the tracker can reach";
            case 409 -> "the hostname " + identity.hostname() + " belongs to another peer's key; set peer.hostname to a "
                    + "unique name, or restore this peer's identity key (peer.identity-file)";
            case 401 -> "the tracker did not accept this peer's signed registration; check that this machine's clock "
                    + "is right (NTP)";
            default -> null;
        };
        String line = "cannot register with the tracker: " + e.getMessage() + (advice == null ? "" : " (" + advice + ")")
                + "; retrying";
        if (!Objects.equals(line, lastProblem)) {
            // One line per distinct problem, not one per retry.
            if (e.status() == 422 || e.status() == 409 || e.status() == 401) {
                LOG.error(line);
            } else {
                LOG.warn(line);
            }
            lastProblem = line;
        }
    }

    private void heartbeat() {
        try {
            // The tracker lengthens the interval as its population grows (docs/api.md, "Heartbeat"); no header: keep ours.
            client.heartbeat(identity.hostname(), token).ifPresent(this::adopt);
            lastProblem = null;
        } catch (TrackerException e) {
            handleFailure("heartbeat", e);
        }
    }

    private void adopt(long intervalMillis) {
        if (intervalMillis != heartbeatMillis) {
            LOG.debugf("the tracker asks for a heartbeat every %d ms (was %d ms)", intervalMillis, heartbeatMillis);
            heartbeatMillis = intervalMillis;
        }
    }

    /** The interval this peer keeps now (tests). */
    long heartbeatMillis() {
        return heartbeatMillis;
    }

    private void handle(Event event) {
        try {
            switch (event) {
                case Announce a -> client.announce(identity.hostname(), token, List.of(a.entry()));
                case Withdraw w -> {
                    // A download that gave up is withdrawn, unless the name now holds a whole file.
                    if (repository.entry(w.name()).isEmpty() && partials.get(w.name()).isEmpty()) {
                        client.withdraw(identity.hostname(), token, w.name());
                    }
                }
                case Stop s -> { }
            }
        } catch (TrackerException e) {
            handleFailure(event instanceof Announce ? "announce" : "withdraw", e);
        }
    }

    /** 404/401/403: the tracker forgot us or our token; register again (which announces everything). */
    private void handleFailure(String what, TrackerException e) {
        if (e.status() == 404 || e.status() == 401 || e.status() == 403) {
            LOG.infof("the tracker no longer knows this peer (%s got %d; restarted?); registering again", what, e.status());
            registered = false;
            return;
        }
        String line = what + " failed: " + e.getMessage();
        if (!Objects.equals(line, lastProblem)) {
            LOG.warn(line);
            lastProblem = line;
        }
        if (!(e.unreachable() && what.equals("heartbeat"))) {
            // A lost announce or withdraw: re-register so the next full announce makes the tracker exact again.
            registered = false;
        }
    }

    /** Whole files, and the downloads in progress whose name holds no whole file. */
    private List<FileEntry> everything() {
        List<FileEntry> files = new ArrayList<>(repository.entries().stream().map(IndexEntry::toFileEntry).toList());
        partials.entries().stream().filter(p -> repository.entry(p.name()).isEmpty()).forEach(files::add);
        return files;
    }

    @Override
    public void added(IndexEntry entry) {
        events.add(new Announce(entry.toFileEntry()));
    }

    @Override
    public void removed(String name) {
        events.add(new Withdraw(name));
    }

    @Override
    public void started(FileEntry partialEntry) {
        events.add(new Announce(partialEntry));
    }

    @Override
    public void stopped(String name) {
        events.add(new Withdraw(name));
    }

    /** Stops the loop and, if registered, unregisters (clean shutdown: the tracker drops us at once). */
    @Override
    public void close() {
        lock.lock();
        try {
            if (!running) {
                return;
            }
            running = false;
            events.add(new Stop());
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (registered) {
                try {
                    client.unregister(identity.hostname(), token);
                    LOG.infof("unregistered from the tracker at %s", client.base());
                } catch (TrackerException e) {
                    LOG.warnf("could not unregister from the tracker (it will expire this peer): %s", e.getMessage());
                }
                registered = false;
            }
        } finally {
            lock.unlock();
        }
    }
}
