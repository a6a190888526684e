package io.peershare.peer.testing;

import io.peershare.protocol.Sha256;
import io.peershare.protocol.wire.DataHeader;
import io.peershare.protocol.wire.Get;
import io.peershare.protocol.wire.HelloAck;
import io.peershare.protocol.wire.Message;
import io.peershare.protocol.wire.Ping;
import io.peershare.protocol.wire.Pong;
import io.peershare.protocol.wire.WireCodec;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A scripted wire source for fetch tests: answers HELLO and PING (optionally late), and GET with the given
 * bytes, optionally corrupted or cut off after {@code cutAfter} bytes (a source dying mid-transfer).
 */
public final class FakeSource implements AutoCloseable {

    private final ServerSocket server;
    private final byte[] content;
    private final Sha256 claimed;
    private volatile long pongDelayMillis;
    private volatile long cutAfter = -1;
    private volatile boolean corrupt;
    private volatile boolean stall;
    /** Offsets of the GETs received, in order. */
    public final List<Long> getOffsets = new CopyOnWriteArrayList<>();

    public FakeSource(byte[] content, Sha256 claimed) throws IOException {
        this.content = content;
        this.claimed = claimed;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress("127.0.0.1", 0));
        Thread.ofVirtual().start(this::acceptLoop);
    }

    public int port() {
        return server.getLocalPort();
    }

    public FakeSource pongDelay(long millis) {
        this.pongDelayMillis = millis;
        return this;
    }

    public FakeSource cutAfter(long bytes) {
        this.cutAfter = bytes;
        return this;
    }

    /** After {@code cutAfter} bytes, go silent but keep the connection open (a hung source). */
    public FakeSource stall() {
        this.stall = true;
        return this;
    }

    public FakeSource corrupt() {
        this.corrupt = true;
        return this;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            WireCodec.read(in); // HELLO
            WireCodec.write(new HelloAck(1, "fake"), out);
            while (true) {
                Message message = WireCodec.read(in);
                if (message instanceof Ping ping) {
                    Thread.sleep(pongDelayMillis);
                    WireCodec.write(new Pong(ping.nonce()), out);
                } else if (message instanceof Get get) {
                    if (!send(get, out)) {
                        return;
                    }
                }
            }
        } catch (IOException | InterruptedException e) {
            // the client left, or we cut the connection on purpose
        }
    }

    /** Returns false when the connection is to be cut. */
    private boolean send(Get get, OutputStream out) throws IOException {
        getOffsets.add(get.offset());
        long offset = get.offset();
        long length = content.length - offset;
        WireCodec.write(new DataHeader(offset, length, content.length, claimed), out);
        byte[] bytes = java.util.Arrays.copyOfRange(content, (int) offset, content.length);
        if (corrupt && bytes.length > 0) {
            bytes[bytes.length / 2] ^= 0x55;
        }
        long limit = cutAfter >= 0 ? Math.min(cutAfter, bytes.length) : bytes.length;
        out.write(bytes, 0, (int) limit);
        out.flush();
        if (stall && limit < bytes.length) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return limit == bytes.length;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
