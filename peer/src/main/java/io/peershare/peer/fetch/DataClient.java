package io.peershare.peer.fetch;

import io.peershare.protocol.Sha256;
import io.peershare.protocol.wire.DataHeader;
import io.peershare.protocol.wire.ErrorCode;
import io.peershare.protocol.wire.Get;
import io.peershare.protocol.wire.Message;
import io.peershare.protocol.wire.ProtocolException;
import io.peershare.protocol.wire.WireClient;
import io.peershare.protocol.wire.WireCodec;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The downloading side of one wire connection, built on a {@link SocketChannel} so file bytes can be read
 * straight into direct buffers and written to the file channel without the two heap copies a socket stream
 * costs (the protocol's {@code WireClient} is stream-based; it stays the tool for PING and LIST).
 *
 * <p>Deadlines: frames are read through the socket adaptor's stream, which honours SO_TIMEOUT; raw data is
 * read from the channel, which does not, so a watchdog closes the connection when no byte has arrived for
 * the read timeout, and the blocked read fails with "timed out".
 */
final class DataClient implements ReadableByteChannel {

    private static final int RECEIVE_BUFFER_BYTES = 4 << 20;
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("fetch-read-watchdog").daemon().factory());

    private final SocketChannel channel;
    private final String remote;
    private final InputStream in;
    private final OutputStream out;
    private final long timeoutNanos;
    private final ScheduledFuture<?> watchdog;
    private volatile long lastProgress = System.nanoTime();
    private volatile boolean timedOut;
    private int version;

    private DataClient(SocketChannel channel, String remote, Duration readTimeout) throws IOException {
        this.channel = channel;
        this.remote = remote;
        this.timeoutNanos = readTimeout.toNanos();
        // Unbuffered on purpose: a read-ahead buffer would swallow file bytes that follow the DATA header.
        this.in = channel.socket().getInputStream();
        this.out = new BufferedOutputStream(channel.socket().getOutputStream(), 8192);
        long period = Math.max(50, Math.min(1000, readTimeout.toMillis() / 4));
        this.watchdog = WATCHDOG.scheduleAtFixedRate(this::checkDeadline, period, period, TimeUnit.MILLISECONDS);
    }

    /** Connects within {@code connectTimeout} and performs the HELLO handshake. */
    static DataClient connect(String host, int port, Duration connectTimeout, Duration readTimeout, String agent)
            throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER_BYTES);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.socket().connect(new InetSocketAddress(host, port), (int) Math.max(1, connectTimeout.toMillis()));
            channel.socket().setSoTimeout((int) Math.max(1, readTimeout.toMillis()));
            DataClient client = new DataClient(channel, host + ":" + port, readTimeout);
            try {
                client.handshake(agent);
            } catch (IOException | RuntimeException e) {
                client.close();
                throw e;
            }
            return client;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private void handshake(String agent) throws IOException {
        version = WireClient.handshake(in, out, agent, remote);
        lastProgress = System.nanoTime();
    }

    /** Sends GET and reads the DATA header; exactly {@code header.length()} raw bytes follow on {@link #read}. */
    DataHeader get(String name, Sha256 sha256, long offset) throws IOException {
        WireCodec.write(new Get(name, sha256, offset, Get.TO_END), out, version);
        DataHeader header = expect(DataHeader.class);
        if (!header.sha256().equals(sha256) || header.offset() != offset) {
            throw new ProtocolException(ErrorCode.UNEXPECTED_MESSAGE, remote + " sent DATA for another range or file");
        }
        return header;
    }

    private <T extends Message> T expect(Class<T> type) throws IOException {
        T message = WireClient.expect(in, type, remote, version);
        lastProgress = System.nanoTime();
        return message;
    }

    /** Reads raw data bytes; blocks until some arrive, the source closes, or the read deadline passes. */
    @Override
    public int read(ByteBuffer destination) throws IOException {
        try {
            int n = channel.read(destination);
            lastProgress = System.nanoTime();
            return n;
        } catch (AsynchronousCloseException e) {
            if (timedOut) {
                throw new SocketTimeoutException(remote + " sent nothing for " + Duration.ofNanos(timeoutNanos).toMillis() + " ms");
            }
            throw e;
        }
    }

    private void checkDeadline() {
        if (System.nanoTime() - lastProgress > timeoutNanos && channel.isOpen()) {
            timedOut = true;
            closeQuietly();
        }
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void close() throws IOException {
        watchdog.cancel(false);
        channel.close();
    }

    private void closeQuietly() {
        try {
            channel.close();
        } catch (IOException e) {
            // closing to unblock a stalled read; nothing more to do
        }
    }
}
