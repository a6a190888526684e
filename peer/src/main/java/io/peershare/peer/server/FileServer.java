package io.peershare.peer.server;

import io.peershare.peer.PeerMetrics;
import io.peershare.peer.repository.Repository;
import io.peershare.peer.swarm.PartialFiles;
import io.peershare.protocol.wire.Message;
import io.peershare.protocol.wire.ProtocolException;
import org.jboss.logging.Logger;

import com.sun.management.UnixOperatingSystemMXBean;

import java.io.Closeable;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The wire file server: a {@link RequestGate} (one thread, one selector) accepts connections and holds each
 * while it waits for a request; a pool of at most {@code servingThreads} platform threads answers complete
 * requests. At most {@code maxConnections} connections are open at once (see the gate for who gives way and
 * when a newcomer is told ERROR BUSY); a waiting connection costs a socket and a few hundred bytes, no thread.
 *
 * <p>Why channels: zero-copy sending ({@link java.nio.channels.FileChannel#transferTo}, i.e. sendfile)
 * needs a {@link SocketChannel}. Read deadlines are the gate's (a whole request within
 * {@code requestTimeout}, silence between requests up to {@code socketTimeout}); writes have no timeout
 * option on any socket type, so a {@link WriteWatchdog} closes a connection whose send has made no progress
 * for {@code socketTimeout}.
 *
 * <p>Threads: platform threads serve, with the socket switched to blocking mode while they hold it. Virtual
 * threads were tried and measured: on a virtual thread the JDK switches the socket to non-blocking mode under
 * the hood, so sendfile returns 0 each time the socket buffer fills and every refill costs a round trip through
 * the virtual-thread poller; on this 2-core machine a 1 GiB loopback transfer fell from about 1.8 GiB/s to
 * 140 MiB/s. A platform thread keeps the socket blocking, and the kernel wakes sendfile directly. Before this
 * design each connection held a platform thread from accept to close, so 64 silent sockets took every thread
 * and the next real client was told BUSY; now only a complete request takes one.
 */
public final class FileServer implements Closeable {

    /** Not a monitor: a virtual thread waiting on one pins its carrier on JDK 21 (NoMonitorsTest). */
    private final ReentrantLock lock = new ReentrantLock();

    private static final Logger LOG = Logger.getLogger(FileServer.class);

    private final Repository repository;
    private final Contents contents;
    private final UploadSlots uploads;
    private final ServerSettings settings;
    private final PeerMetrics metrics;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicLong unexpectedFailures = new AtomicLong();
    private final WriteWatchdog watchdog;
    private ServerSocketChannel listener;
    private RequestGate gate;
    private ThreadPoolExecutor serving;
    private volatile boolean closed;

    public FileServer(Repository repository, ServerSettings settings) {
        this(repository, new PartialFiles(), settings);
    }

    /** A server of the repository's files and, to version-2 clients, of the downloads in {@code partials}. */
    public FileServer(Repository repository, PartialFiles partials, ServerSettings settings) {
        this(repository, partials, settings, PeerMetrics.none());
    }

    /** As above, counting the bytes it sends and reporting its uploads and connections to {@code metrics}. */
    public FileServer(Repository repository, PartialFiles partials, ServerSettings settings, PeerMetrics metrics) {
        this.repository = repository;
        this.metrics = metrics;
        this.contents = new Contents(repository, partials);
        this.uploads = new UploadSlots(settings.maxUploads(), settings.busyRetryAfter(), settings.uploadQueueWait());
        this.settings = settings;
        this.watchdog = new WriteWatchdog(connections, settings.socketTimeout());
    }

    /** Binds and starts accepting; returns once the server is listening. */
    public void start() throws IOException {
        lock.lock();
        try {
            listener = ServerSocketChannel.open();
            listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            try {
                listener.bind(new InetSocketAddress(settings.bindAddress(), settings.port()), 1024);
            } catch (IOException e) {
                listener.close();
                throw new IOException("cannot listen on " + settings.bindAddress() + ":" + settings.port()
                        + " (" + e.getMessage() + "); is another peer running? set peer.port", e);
            }
            // Each connection is in the queue at most once, so the queue never holds more than maxConnections.
            serving = new ThreadPoolExecutor(settings.servingThreads(), settings.servingThreads(), 30, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(settings.maxConnections()),
                    Thread.ofPlatform().name("peer-serve-", 0).daemon().stackSize(512 * 1024).factory());
            serving.allowCoreThreadTimeOut(true);
            gate = new RequestGate(listener, settings, this::open, this::dispatch, new RequestGate.ConnectionCount() {
                @Override
                public int open() {
                    return connections.size();
                }

                @Override
                public void opened(Connection connection) {
                    connections.add(connection);
                }

                @Override
                public void closed(Connection connection) {
                    connections.remove(connection);
                }
            }, unexpectedFailures::incrementAndGet);
            warnIfTooFewFileDescriptors();
            metrics.watchServer(this::activeUploads, this::activeConnections);
            watchdog.start();
            gate.start();
            LOG.infof("file server listening on %s:%d", settings.bindAddress(), port());
        } finally {
            lock.unlock();
        }
    }

    /** Each open connection is a file descriptor: say so at start when the process may run out before the limit. */
    private void warnIfTooFewFileDescriptors() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix
                && unix.getMaxFileDescriptorCount() < settings.maxConnections() + 512L) {
            LOG.warnf("this process may open %d files, fewer than peer.max-connections (%d) plus its own; raise ulimit -n"
                    + " or lower peer.max-connections", unix.getMaxFileDescriptorCount(), settings.maxConnections());
        }
    }

    /** The port actually bound (useful when configured as 0). */
    public int port() {
        return ((InetSocketAddress) listener.socket().getLocalSocketAddress()).getPort();
    }

    /** Connections open now: waiting for a request, or being served. */
    public int activeConnections() {
        return connections.size();
    }

    /** Uploads being sent now (GETs holding a slot). */
    public int activeUploads() {
        return uploads.inUse();
    }

    /** Failures of the server's own code while serving (bugs, not clients' mistakes): 0 in a healthy server. */
    public long unexpectedFailures() {
        return unexpectedFailures.get();
    }

    private Connection open(SocketChannel channel) {
        return new Connection(channel, repository, contents, uploads, settings, metrics, System.nanoTime());
    }

    private void dispatch(Connection connection, Object request) {
        try {
            serving.execute(() -> serve(connection, request));
        } catch (RejectedExecutionException e) {
            end(connection); // only when closing
        }
    }

    /**
     * Answers the request, then any further one the client already sent (pipelining) without a detour through
     * the gate, unless other connections wait for a serving thread: then it takes its turn at the back.
     */
    private void serve(Connection connection, Object first) {
        Object request = first;
        try {
            while (true) {
                boolean keep = request instanceof ProtocolException e ? refuse(connection, e) : connection.serve((Message) request);
                if (!keep || closed) {
                    end(connection);
                    return;
                }
                SocketChannel channel = connection.channel();
                channel.configureBlocking(false);
                try {
                    if (connection.frames.fill(channel, System.nanoTime()) < 0) {
                        end(connection);
                        return;
                    }
                    request = connection.frames.next(connection.version(), System.nanoTime());
                } catch (ProtocolException e) {
                    request = e;
                }
                if (request == null) {
                    gate.park(connection);
                    return;
                }
                channel.configureBlocking(true);
                if (!serving.getQueue().isEmpty()) {
                    dispatch(connection, request);
                    return;
                }
            }
        } catch (IOException e) {
            LOG.debugf("connection with %s ended: %s", connection.remote(), e.getMessage());
            end(connection);
        } catch (RuntimeException e) {
            unexpectedFailures.incrementAndGet();
            LOG.warnf(e, "connection with %s failed", connection.remote());
            end(connection);
        }
    }

    private static boolean refuse(Connection connection, ProtocolException e) {
        connection.refuse(e);
        return false;
    }

    private void end(Connection connection) {
        connection.abort();
        connections.remove(connection);
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            watchdog.close();
            try {
                if (listener != null) {
                    listener.close();
                }
            } catch (IOException e) {
                LOG.debugf("closing the listener: %s", e.getMessage());
            }
            if (gate != null) {
                gate.close();
            }
            if (serving != null) {
                serving.shutdownNow();
            }
            connections.forEach(Connection::abort);
            connections.clear();
        } finally {
            lock.unlock();
        }
    }

    static ScheduledExecutorService singleDaemonScheduler(String name) {
        return Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name(name).daemon().factory());
    }

    static long millis(java.time.Duration duration) {
        return TimeUnit.NANOSECONDS.toMillis(duration.toNanos());
    }
}
