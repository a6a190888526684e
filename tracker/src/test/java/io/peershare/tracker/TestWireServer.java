package io.peershare.tracker;

import io.peershare.protocol.Sha256;
import io.peershare.protocol.wire.FileInfo;
import io.peershare.protocol.wire.Hello;
import io.peershare.protocol.wire.HelloAck;
import io.peershare.protocol.wire.ListFiles;
import io.peershare.protocol.wire.ListResult;
import io.peershare.protocol.wire.Message;
import io.peershare.protocol.wire.Ping;
import io.peershare.protocol.wire.Pong;
import io.peershare.protocol.wire.WireCodec;
import io.peershare.protocol.wire.WireLimits;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny peer file server on 127.0.0.1 that answers HELLO (choosing the highest common version), PING and LIST
 * (paged), for probe tests.
 */
public final class TestWireServer implements AutoCloseable {

    private final ServerSocket server;
    private final List<FileInfo> files = new CopyOnWriteArrayList<>();

    public TestWireServer() throws IOException {
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread.ofVirtual().name("test-wire-server").start(this::acceptLoop);
    }

    public int port() {
        return server.getLocalPort();
    }

    public TestWireServer serve(List<FileInfo> offered) {
        files.clear();
        files.addAll(offered);
        return this;
    }

    public static FileInfo file(String name, long size, String shaHex) {
        return new FileInfo(name, size, new Sha256(HexFormat.of().parseHex(shaHex)));
    }

    /** A port on which nothing listens (bound, then closed): connections are refused at once. */
    public static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            // The handshake travels in version-1 frames; every later frame carries the version chosen here.
            int version = WireLimits.HANDSHAKE_VERSION;
            while (true) {
                Message request = WireCodec.read(in, version);
                if (request instanceof Hello hello) {
                    int chosen = Math.min(hello.maxVersion(), WireLimits.VERSION);
                    WireCodec.write(new HelloAck(chosen, "test-peer"), out, WireLimits.HANDSHAKE_VERSION);
                    version = chosen;
                } else {
                    WireCodec.write(answer(request), out, version);
                }
            }
        } catch (IOException e) {
            // client closed, or sent garbage: either way this connection is over
        }
    }

    private Message answer(Message request) {
        return switch (request) {
            case Ping ping -> new Pong(ping.nonce());
            case ListFiles list -> {
                List<FileInfo> snapshot = List.copyOf(files);
                int start = (int) Math.min(list.start(), snapshot.size());
                int end = Math.min(snapshot.size(), start + 3); // small pages, so paging is exercised
                yield new ListResult(snapshot.size(), start, snapshot.subList(start, end));
            }
            default -> throw new IllegalStateException("test server does not handle " + request.type());
        };
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
