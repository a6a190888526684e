package io.peershare.protocol.wire;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A one-connection server on 127.0.0.1 and a random port that plays a scripted conversation with the real
 * codec, so {@link WireClient} is tested against actual sockets and timeouts, not a mock.
 */
final class TinyServer implements AutoCloseable {

    /** What the server does with its one connection. */
    @FunctionalInterface
    interface Script {
        void play(Conversation conversation) throws IOException;
    }

    /** The server's side of the connection; every frame it reads is recorded for the test to check. */
    final class Conversation {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        /** The version of this connection's frames: 1 until {@link #acceptHello(int)} chooses another. */
        private int version = WireLimits.HANDSHAKE_VERSION;

        Conversation(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
        }

        Message read() throws IOException {
            Message message = WireCodec.read(in, version);
            received.add(message);
            return message;
        }

        void send(Message message) throws IOException {
            WireCodec.write(message, out, version);
        }

        void sendRaw(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        /** Reads HELLO and accepts version 1, as a v1 server does. */
        void acceptHello() throws IOException {
            acceptHello(1);
        }

        /** Reads HELLO, answers HELLO_ACK {@code chosen} (a version-1 frame), then speaks {@code chosen}. */
        void acceptHello(int chosen) throws IOException {
            Message hello = read();
            if (!(hello instanceof Hello)) {
                throw new IOException("expected HELLO, got " + hello);
            }
            send(new HelloAck(chosen, "tiny-server"));
            version = chosen;
        }

        /** Blocks until the client closes the connection, answering nothing. */
        void readUntilClosed() throws IOException {
            try {
                while (true) {
                    read();
                }
            } catch (EOFException expected) {
                // the client hung up: the conversation is over
            }
        }

        Socket socket() {
            return socket;
        }
    }

    private final ServerSocket server;
    private final Thread thread;
    final List<Message> received = new CopyOnWriteArrayList<>();
    private volatile Throwable failure;

    TinyServer(Script script) throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        thread = Thread.ofPlatform().daemon().name("tiny-server-" + server.getLocalPort()).start(() -> {
            try (Socket socket = server.accept()) {
                // a bound on the server side too, so a broken test cannot leave a thread waiting forever
                socket.setSoTimeout(10_000);
                script.play(new Conversation(socket));
            } catch (Throwable e) {
                failure = e;
            }
        });
    }

    int port() {
        return server.getLocalPort();
    }

    /** Waits (bounded) for the script to finish and returns what it threw, if anything. */
    Throwable awaitFinished() throws InterruptedException {
        if (!thread.join(java.time.Duration.ofSeconds(10))) {
            throw new AssertionError("the server script did not finish within 10 s");
        }
        return failure;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        server.close();
        thread.join(TimeUnit.SECONDS.toMillis(10));
    }
}
