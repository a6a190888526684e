package io.peershare.protocol.hostile;

import io.peershare.protocol.wire.Hello;
import io.peershare.protocol.wire.WireCodec;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A crowd of hostile clients against one wire server, driven by two threads whatever their number: it floods
 * connections and leaves them silent, trickles a frame one byte at a time, stalls mid-frame, or sends garbage;
 * and it counts how many of its sockets the server has closed (end of stream or reset), and when.
 *
 * <p>Sockets are non-blocking after connect, so thousands cost this side no thread each. Mind the process's
 * file-descriptor limit ({@code ulimit -n}): a test in the same JVM as the server uses two per connection.
 */
public final class HostileClient implements AutoCloseable {

    /** What one connection does after connecting. */
    public enum Behaviour {
        /** Sends nothing. */
        IDLE,
        /** Sends a valid HELLO one byte per trickle interval, then more HELLOs, for ever. */
        TRICKLE,
        /** Sends the first half of a HELLO frame at once, then nothing. */
        STALL_MID_FRAME,
        /** Sends 64 random bytes at once, then nothing. */
        GARBAGE,
        /** Sends a valid HELLO, then nothing: a completed handshake left idle. */
        HELLO_THEN_IDLE
    }

    private static final byte[] HELLO = WireCodec.encode(new Hello(1, 2, "hostile"));

    private final InetSocketAddress server;
    private final Duration trickleInterval;
    private final Selector selector;
    private final List<Attacker> attackers = new ArrayList<>();
    private final ConcurrentLinkedQueue<Attacker> toRegister = new ConcurrentLinkedQueue<>();
    private final AtomicInteger closedByServer = new AtomicInteger();
    private final AtomicInteger bytesReceived = new AtomicInteger();
    private final Random random = new Random(7);
    private final Thread watcher;
    private final Thread trickler;
    private volatile boolean closed;

    private HostileClient(InetSocketAddress server, Duration trickleInterval) throws IOException {
        this.server = server;
        this.trickleInterval = trickleInterval;
        this.selector = Selector.open();
        this.watcher = Thread.ofPlatform().name("hostile-watcher").daemon().start(this::watch);
        this.trickler = Thread.ofPlatform().name("hostile-trickler").daemon().start(this::trickle);
    }

    /** A crowd against {@code host:port}; trickling connections send one byte every {@code trickleInterval}. */
    public static HostileClient against(String host, int port, Duration trickleInterval) throws IOException {
        return new HostileClient(new InetSocketAddress(host, port), trickleInterval);
    }

    /**
     * Opens {@code count} connections that behave as told; returns how many connected (a server that refuses or
     * resets at once still counts as connected: the kernel accepted it).
     */
    public int open(int count, Behaviour behaviour) throws IOException {
        int opened = 0;
        for (int i = 0; i < count; i++) {
            SocketChannel channel = SocketChannel.open();
            try {
                channel.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
                channel.socket().connect(server, 2000);
                channel.configureBlocking(false);
            } catch (IOException e) {
                channel.close();
                continue;
            }
            Attacker attacker = new Attacker(channel, behaviour, System.nanoTime());
            attacker.start(random);
            synchronized (attackers) {
                attackers.add(attacker);
            }
            toRegister.add(attacker);
            opened++;
        }
        selector.wakeup();
        return opened;
    }

    /** How many of this crowd's sockets the server has closed so far. */
    public int closedByServer() {
        return closedByServer.get();
    }

    /** How many sockets this crowd opened and still holds open on its side. */
    public int stillOpen() {
        synchronized (attackers) {
            return (int) attackers.stream().filter(a -> a.closedAt == 0).count();
        }
    }

    /** The longest a socket of this crowd stayed open before the server closed it, among those closed. */
    public Duration longestLife() {
        synchronized (attackers) {
            return Duration.ofNanos(attackers.stream().filter(a -> a.closedAt != 0)
                    .mapToLong(a -> a.closedAt - a.openedAt).max().orElse(0));
        }
    }

    /** Bytes the server sent to the crowd (ERROR frames, say). */
    public int bytesReceived() {
        return bytesReceived.get();
    }

    /** Notices end of stream and resets on every socket, and throws away whatever the server sends. */
    private void watch() {
        ByteBuffer scratch = ByteBuffer.allocate(4096);
        while (!closed) {
            try {
                selector.select(100);
                for (Attacker attacker; (attacker = toRegister.poll()) != null; ) {
                    if (attacker.channel.isOpen()) {
                        attacker.channel.register(selector, SelectionKey.OP_READ, attacker);
                    }
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    drain((Attacker) key.attachment(), scratch);
                }
                selector.selectedKeys().clear();
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    throw new IllegalStateException("hostile client watcher failed", e);
                }
            }
        }
    }

    private void drain(Attacker attacker, ByteBuffer scratch) {
        try {
            int n;
            do {
                scratch.clear();
                n = attacker.channel.read(scratch);
                if (n > 0) {
                    bytesReceived.addAndGet(n);
                }
            } while (n > 0);
            if (n < 0) {
                attacker.closedByServer();
            }
        } catch (IOException e) {
            attacker.closedByServer(); // a reset
        }
    }

    private void trickle() {
        while (!closed) {
            try {
                Thread.sleep(trickleInterval);
            } catch (InterruptedException e) {
                return;
            }
            List<Attacker> now;
            synchronized (attackers) {
                now = List.copyOf(attackers);
            }
            for (Attacker attacker : now) {
                if (attacker.behaviour == Behaviour.TRICKLE && attacker.closedAt == 0) {
                    attacker.sendNextByte();
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        trickler.interrupt();
        selector.wakeup();
        try {
            watcher.join(2000);
            trickler.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (attackers) {
            for (Attacker attacker : attackers) {
                try {
                    attacker.channel.close();
                } catch (IOException e) {
                    // closing our own socket: nothing to do
                }
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    private final class Attacker {
        final SocketChannel channel;
        final Behaviour behaviour;
        final long openedAt;
        volatile long closedAt;
        int trickled;

        Attacker(SocketChannel channel, Behaviour behaviour, long openedAt) {
            this.channel = channel;
            this.behaviour = behaviour;
            this.openedAt = openedAt;
        }

        void start(Random random) throws IOException {
            switch (behaviour) {
                case IDLE, TRICKLE -> { }
                case STALL_MID_FRAME -> writeNow(ByteBuffer.wrap(HELLO, 0, HELLO.length / 2));
                case GARBAGE -> {
                    byte[] junk = new byte[64];
                    random.nextBytes(junk);
                    writeNow(ByteBuffer.wrap(junk));
                }
                case HELLO_THEN_IDLE -> writeNow(ByteBuffer.wrap(HELLO));
            }
        }

        void sendNextByte() {
            try {
                writeNow(ByteBuffer.wrap(HELLO, trickled++ % HELLO.length, 1));
            } catch (IOException e) {
                closedByServer();
            }
        }

        private void writeNow(ByteBuffer bytes) throws IOException {
            channel.write(bytes); // tiny writes into an empty socket buffer: never short
        }

        synchronized void closedByServer() {
            if (closedAt == 0) {
                closedAt = System.nanoTime();
                closedByServer.incrementAndGet();
                try {
                    channel.close();
                } catch (IOException e) {
                    // already gone
                }
            }
        }
    }
}
