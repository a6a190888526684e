package io.peershare.peer.server;

import io.peershare.peer.repository.Repository;
import io.peershare.peer.swarm.PartialFiles;
import io.peershare.protocol.wire.ErrorCode;
import io.peershare.protocol.wire.ErrorMessage;
import io.peershare.protocol.wire.WireCodec;
import org.jboss.logging.Logger;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The wire file server: one accept loop, one thread per connection, at most
 * {@code maxConnections} served at once (the next one gets ERROR BUSY and is closed).
 *
 * <p>Why channels: zero-copy sending ({@link java.nio.channels.FileChannel#transferTo}, i.e. sendfile)
 * needs a {@link SocketChannel}, and a socket accepted by a plain {@code ServerSocket} has none. Deadlines:
 * frame reads go through {@code channel.socket().getInputStream()}, whose reads honour SO_TIMEOUT on
 * JDK 13+ (the socket adaptor was reimplemented in JDK 13; checked on 17, 21 and 25), so an idle or
 * stalled client is dropped after {@code socketTimeout}. Writes have no such option on any socket type,
 * so a {@link WriteWatchdog} closes a connection whose send has made no progress for {@code socketTimeout}.
 *
 * <p>Threads: one platform thread per connection, bounded by the connection semaphore. Virtual threads were
 * tried and measured: on a virtual thread the JDK switches the socket to non-blocking mode under the hood,
 * so sendfile returns 0 each time the socket buffer fills and every refill costs a round trip through the
 * virtual-thread poller; on this 2-core machine a 1 GiB loopback transfer fell from about 1.8 GiB/s to
 * 140 MiB/s. A platform thread keeps the socket blocking, and the kernel wakes sendfile directly.
 */
public final class FileServer implements Closeable {

    private static final Logger LOG = Logger.getLogger(FileServer.class);

    private final Repository repository;
    private final Contents contents;
    private final UploadSlots uploads;
    private final ServerSettings settings;
    private final Semaphore permits;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final WriteWatchdog watchdog;
    private ServerSocketChannel listener;
    private Thread acceptor;
    private volatile boolean closed;

    public FileServer(Repository repository, ServerSettings settings) {
        this(repository, new PartialFiles(), settings);
    }

    /** A server of the repository's files and, to version-2 clients, of the downloads in {@code partials}. */
    public FileServer(Repository repository, PartialFiles partials, ServerSettings settings) {
        this.repository = repository;
        this.contents = new Contents(repository, partials);
        this.uploads = new UploadSlots(settings.maxUploads(), settings.busyRetryAfter(), settings.uploadQueueWait());
        this.settings = settings;
        this.permits = new Semaphore(settings.maxConnections());
        this.watchdog = new WriteWatchdog(connections, settings.socketTimeout());
    }

    /** Binds and starts accepting; returns once the server is listening. */
    public synchronized void start() throws IOException {
        listener = ServerSocketChannel.open();
        listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        try {
            listener.bind(new InetSocketAddress(settings.bindAddress(), settings.port()), 256);
        } catch (IOException e) {
            listener.close();
            throw new IOException("cannot listen on " + settings.bindAddress() + ":" + settings.port()
                    + " (" + e.getMessage() + "); is another peer running? set peer.port", e);
        }
        watchdog.start();
        acceptor = Thread.ofPlatform().name("peer-accept").daemon().start(this::acceptLoop);
        LOG.infof("file server listening on %s:%d", settings.bindAddress(), port());
    }

    /** The port actually bound (useful when configured as 0). */
    public int port() {
        return ((InetSocketAddress) listener.socket().getLocalSocketAddress()).getPort();
    }

    public int activeConnections() {
        return connections.size();
    }

    /** Uploads being sent now (GETs holding a slot). */
    public int activeUploads() {
        return uploads.inUse();
    }

    private void acceptLoop() {
        while (!closed) {
            SocketChannel channel;
            try {
                channel = listener.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!closed) {
                    LOG.warnf("accept failed: %s", e.getMessage());
                }
                continue;
            }
            if (!permits.tryAcquire()) {
                Thread.ofVirtual().name("peer-busy").start(() -> refuseBusy(channel));
                continue;
            }
            Connection connection = new Connection(channel, repository, contents, uploads, settings);
            connections.add(connection);
            // A platform thread, not a virtual one: see the class comment ("Threads").
            Thread.ofPlatform().name("peer-conn-" + channel.socket().getPort()).daemon().stackSize(512 * 1024).start(() -> {
                try {
                    connection.run();
                } finally {
                    connections.remove(connection);
                    permits.release();
                }
            });
        }
    }

    /**
     * Over the limit: read the client's HELLO (bounded by a short deadline), say BUSY and close, so the client
     * tries another source. Reading first matters: closing with unread input makes the kernel send a reset,
     * which can destroy the ERROR frame before the client reads it.
     */
    private void refuseBusy(SocketChannel channel) {
        try (channel) {
            channel.socket().setSoTimeout((int) Math.min(1000, millis(settings.socketTimeout())));
            try {
                WireCodec.read(channel.socket().getInputStream());
            } catch (IOException e) {
                // whatever the client sent (or not), the answer is the same
            }
            WireCodec.write(new ErrorMessage(ErrorCode.BUSY,
                    "this peer serves " + settings.maxConnections() + " connections already; try another source or later"),
                    channel.socket().getOutputStream());
            channel.shutdownOutput();
        } catch (IOException e) {
            LOG.debugf("could not tell a client BUSY: %s", e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        watchdog.close();
        try {
            if (listener != null) {
                listener.close();
            }
        } catch (IOException e) {
            LOG.debugf("closing the listener: %s", e.getMessage());
        }
        connections.forEach(Connection::abort);
        if (acceptor != null) {
            try {
                acceptor.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static ScheduledExecutorService singleDaemonScheduler(String name) {
        return Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name(name).daemon().factory());
    }

    static long millis(java.time.Duration duration) {
        return TimeUnit.NANOSECONDS.toMillis(duration.toNanos());
    }
}
