package io.peershare.peer.server;

import io.peershare.protocol.wire.ErrorCode;
import io.peershare.protocol.wire.ErrorMessage;
import io.peershare.protocol.wire.Message;
import io.peershare.protocol.wire.ProtocolException;
import io.peershare.protocol.wire.WireCodec;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The server's front door, on one thread with one {@link Selector}: it accepts connections and holds every
 * connection that is waiting for a request, gathering its bytes in a {@link FrameBuffer} (at most 313 bytes),
 * until a complete request is in; then it hands the connection to a serving thread, which gives it back when
 * the answer is sent. A silent or trickling client therefore costs a socket and a few hundred bytes, never a
 * thread, and is closed by its deadline:
 * <ul>
 *   <li>a connection must complete its first request (HELLO) within the request timeout of its accept;</li>
 *   <li>any later frame must be complete within the request timeout of its first byte;</li>
 *   <li>between requests a connection may stay silent for the socket timeout.</li>
 * </ul>
 * Deadlines are checked every {@value #SWEEP_MILLIS} ms over the waiting connections.
 *
 * <p>At most {@code maxConnections} are open at once. A connection arriving when all are taken replaces the
 * oldest one that has not yet greeted (sent a complete HELLO) or has been silent for longer than the request
 * timeout; when there is none, every connection is a client being served or one that just was, and the newcomer
 * is told ERROR BUSY. The BUSY answer is one pre-encoded frame written without blocking; the refused socket is
 * then drained into one shared buffer for up to a second (so the kernel does not reset the answer away), at most
 * {@value #MAX_LINGERING} at once, beyond which refused sockets are closed at once.
 */
final class RequestGate implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RequestGate.class);
    static final long SWEEP_MILLIS = 100;
    static final int MAX_LINGERING = 256;
    private static final long LINGER_NANOS = 1_000_000_000L;

    private final ServerSocketChannel listener;
    private final SelectionKey listenerKey;
    private final Selector selector;
    private final ServerSettings settings;
    private final long requestTimeoutNanos;
    private final long idleTimeoutNanos;
    private final Function<SocketChannel, Connection> opener;
    private final BiConsumer<Connection, Object> server;
    private final ConnectionCount count;
    private final Runnable onFailure;
    private final byte[] busyFrame;
    /** Waiting connections that have not greeted yet, oldest first (selector thread only). */
    private final LinkedHashSet<Connection> ungreeted = new LinkedHashSet<>();
    /** Waiting connections that have greeted, longest waiting first (selector thread only). */
    private final LinkedHashSet<Connection> greeted = new LinkedHashSet<>();
    private final List<Lingering> lingering = new ArrayList<>();
    private final Queue<Connection> returning = new ConcurrentLinkedQueue<>();
    private final ByteBuffer scratch = ByteBuffer.allocate(4096);
    private Thread thread;
    private volatile boolean closed;
    private long lastSweep;
    private long lastAcceptWarning = System.nanoTime() - 20_000_000_000L;

    /** The open connections of a server: counted here, released by whoever closes one. */
    interface ConnectionCount {
        int open();

        void opened(Connection connection);

        void closed(Connection connection);
    }

    /**
     * @param opener makes the Connection of an accepted socket
     * @param onFailure counts a failure of the gate's own code (a bug), which it survives
     * @param server serves a connection's complete request (a {@link Message}) or refuses its bad frame
     *               (a {@link ProtocolException}) on a serving thread, and calls {@link #park} or closes it after
     */
    RequestGate(ServerSocketChannel listener, ServerSettings settings, Function<SocketChannel, Connection> opener,
                BiConsumer<Connection, Object> server, ConnectionCount count, Runnable onFailure) throws IOException {
        this.listener = listener;
        this.settings = settings;
        this.requestTimeoutNanos = settings.effectiveRequestTimeout().toNanos();
        this.idleTimeoutNanos = settings.socketTimeout().toNanos();
        this.opener = opener;
        this.server = server;
        this.count = count;
        this.onFailure = onFailure;
        this.busyFrame = WireCodec.encode(new ErrorMessage(ErrorCode.BUSY, "this peer holds " + settings.maxConnections()
                + " connections already; try another source or later"));
        this.selector = Selector.open();
        listener.configureBlocking(false);
        listenerKey = listener.register(selector, SelectionKey.OP_ACCEPT);
    }

    void start() {
        thread = Thread.ofPlatform().name("peer-gate").daemon().start(this::loop);
    }

    /** Gives a served connection back to wait for its next request (any thread). */
    void park(Connection connection) {
        returning.add(connection);
        selector.wakeup();
    }

    private void loop() {
        while (!closed) {
            try {
                selector.select(SWEEP_MILLIS);
                long now = System.nanoTime();
                takeBack(now);
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    if (!key.isValid()) {
                        continue;
                    }
                    switch (key.attachment()) {
                        case Connection connection -> readable(connection, now);
                        case Lingering refused -> drain(refused);
                        case null, default -> acceptAll(now);
                    }
                }
                if (now - lastSweep >= SWEEP_MILLIS * 1_000_000) {
                    sweep(now);
                    lastSweep = now;
                }
            } catch (ClosedSelectorException e) {
                return;
            } catch (RuntimeException e) {
                if (!closed) {
                    onFailure.run();
                    LOG.warnf(e, "the wire server's request gate failed; carrying on");
                }
            } catch (IOException e) {
                if (!closed) {
                    LOG.warnf("the wire server's request gate: %s; carrying on", e.getMessage());
                }
            }
        }
    }

    /** Registers connections given back by serving threads (after select, which flushed their old cancelled keys). */
    private void takeBack(long now) {
        for (Connection connection; (connection = returning.poll()) != null; ) {
            try {
                connection.key = connection.channel().register(selector, SelectionKey.OP_READ, connection);
                connection.parkedAt = now;
                greeted.add(connection);
                // Bytes may have arrived while it was served: they show up as readable on the next select.
            } catch (IOException | RuntimeException e) {
                close(connection, "could not wait for its next request: " + e.getMessage());
            }
        }
    }

    private void acceptAll(long now) {
        SocketChannel channel;
        while ((channel = acceptOne()) != null) {
            if (count.open() >= settings.maxConnections() && !evictOne(now)) {
                refuseBusy(channel);
                continue;
            }
            try {
                channel.configureBlocking(false);
                Connection connection = opener.apply(channel);
                count.opened(connection);
                connection.parkedAt = now;
                connection.key = channel.register(selector, SelectionKey.OP_READ, connection);
                ungreeted.add(connection);
            } catch (IOException e) {
                LOG.debugf("could not take a new connection: %s", e.getMessage());
                closeQuietly(channel);
            }
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing more can be done with a socket that cannot be closed
        }
    }

    /**
     * The next pending connection, or null. When accepting fails (out of file descriptors, say), accepting pauses
     * until the next sweep rather than spinning on a listener that stays ready.
     */
    private SocketChannel acceptOne() {
        try {
            return listener.accept();
        } catch (IOException e) {
            long now = System.nanoTime();
            if (now - lastAcceptWarning > 10_000_000_000L) { // once per 10 s: it repeats every sweep while it lasts
                LOG.warnf("accepting a wire connection failed: %s; pausing accepts for %d ms at a time (too many open"
                        + " files? raise ulimit -n or lower peer.max-connections)", e.getMessage(), SWEEP_MILLIS);
                lastAcceptWarning = now;
            }
            listenerKey.interestOps(0);
            return null;
        }
    }

    /** Makes room: closes the connection least likely to be a client at work; false when there is none. */
    private boolean evictOne(long now) {
        Connection victim = ungreeted.isEmpty() ? null : ungreeted.getFirst();
        if (victim == null && !greeted.isEmpty() && now - greeted.getFirst().parkedAt > requestTimeoutNanos) {
            victim = greeted.getFirst();
        }
        if (victim == null) {
            return false;
        }
        close(victim, "evicted: the server is full and it had not sent a request for the longest");
        return true;
    }

    private void readable(Connection connection, long now) {
        Object next;
        try {
            if (connection.frames.fill(connection.channel(), now) < 0) {
                close(connection, "the client hung up");
                return;
            }
            next = connection.frames.next(connection.version(), now);
        } catch (ProtocolException e) {
            next = e;
        } catch (IOException e) {
            close(connection, e.getMessage());
            return;
        }
        if (next != null) {
            handOver(connection, next);
        }
    }

    /** Moves a connection with a complete request (or a bad frame to refuse) to a serving thread. */
    private void handOver(Connection connection, Object request) {
        forget(connection);
        connection.key.cancel();
        connection.key = null;
        try {
            connection.channel().configureBlocking(true); // allowed at once: a cancelled key is no longer valid
        } catch (IOException e) {
            close(connection, e.getMessage());
            return;
        }
        server.accept(connection, request);
    }

    private void forget(Connection connection) {
        if (!ungreeted.remove(connection)) {
            greeted.remove(connection);
        }
    }

    private void sweep(long now) {
        if (listenerKey.isValid()) {
            listenerKey.interestOps(SelectionKey.OP_ACCEPT);
        }
        expire(ungreeted, now);
        expire(greeted, now);
        lingering.removeIf(refused -> {
            if (now - refused.since > LINGER_NANOS) {
                refused.close();
                return true;
            }
            return !refused.channel.isOpen();
        });
    }

    private void expire(LinkedHashSet<Connection> waiting, long now) {
        List<Connection> late = new ArrayList<>();
        for (Connection connection : waiting) {
            if (now - deadlineStart(connection) > limitFor(connection)) {
                late.add(connection);
            }
        }
        for (Connection connection : late) {
            close(connection, connection.greeted() ? "no complete request within its deadline" : "no HELLO within "
                    + settings.effectiveRequestTimeout());
        }
    }

    /** The moment a waiting connection's deadline counts from: its accept, its frame's first byte, or its parking. */
    private long deadlineStart(Connection connection) {
        if (!connection.greeted()) {
            return connection.acceptedAt;
        }
        long frame = connection.frames.frameStartedAt();
        return frame != 0 ? frame : connection.parkedAt;
    }

    private long limitFor(Connection connection) {
        boolean idle = connection.greeted() && connection.frames.frameStartedAt() == 0;
        return idle ? idleTimeoutNanos : requestTimeoutNanos;
    }

    private void close(Connection connection, String why) {
        LOG.debugf("closing the connection with %s: %s", connection.remote(), why);
        forget(connection);
        connection.abort();
        count.closed(connection);
    }

    /** Over the limit with no one to evict: one small non-blocking write of ERROR BUSY, then a bounded linger. */
    private void refuseBusy(SocketChannel channel) {
        try {
            channel.configureBlocking(false);
            channel.write(ByteBuffer.wrap(busyFrame)); // a fresh socket's send buffer always takes ~100 bytes
            channel.shutdownOutput();
            if (lingering.size() >= MAX_LINGERING) {
                closeQuietly(channel);
                return;
            }
            Lingering refused = new Lingering(channel, System.nanoTime());
            channel.register(selector, SelectionKey.OP_READ, refused);
            lingering.add(refused);
        } catch (IOException e) {
            closeQuietly(channel);
        }
    }

    /** Throws away what a refused client sends, until it hangs up. */
    private void drain(Lingering refused) {
        try {
            int n;
            do {
                scratch.clear();
                n = refused.channel.read(scratch);
            } while (n > 0);
            if (n < 0) {
                refused.close();
            }
        } catch (IOException e) {
            refused.close();
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            selector.close(); // wakes the loop, which then ends
        } catch (IOException e) {
            LOG.debugf("closing the selector: %s", e.getMessage());
        }
        if (thread != null) {
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        lingering.forEach(Lingering::close);
    }

    private record Lingering(SocketChannel channel, long since) {
        void close() {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing more to do with a refused socket
            }
        }
    }
}
