package io.peershare.protocol.hostile;

import io.peershare.protocol.PieceHasher;
import io.peershare.protocol.PieceManifest;
import io.peershare.protocol.Sha256;
import io.peershare.protocol.wire.DataHeader;
import io.peershare.protocol.wire.FileInfo;
import io.peershare.protocol.wire.Get;
import io.peershare.protocol.wire.Hello;
import io.peershare.protocol.wire.HelloAck;
import io.peershare.protocol.wire.ListFiles;
import io.peershare.protocol.wire.ListResult;
import io.peershare.protocol.wire.ManifestPage;
import io.peershare.protocol.wire.ManifestRequest;
import io.peershare.protocol.wire.Message;
import io.peershare.protocol.wire.Ping;
import io.peershare.protocol.wire.Pong;
import io.peershare.protocol.wire.WireCodec;
import io.peershare.protocol.wire.WireLimits;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * A fake peer file server on 127.0.0.1 that speaks the wire protocol well enough to be believed and then
 * misbehaves as told: trickles its answers a few bytes at a time, stalls in the middle of a frame, lies about
 * sizes in LIST and MANIFEST, sends wrong bytes after a DATA header, or lists a huge number of files. It
 * counts what it did (connections, bytes sent, connections the other side closed before the answer was out),
 * so tests can assert bounds instead of timings. Build one with the static factories, then {@link #start()}.
 */
public final class HostilePeer implements AutoCloseable {

    /** What to do to each answer's bytes on the way out. */
    private record Delivery(int chunkBytes, Duration interval, int stallAfterBytes) {
    }

    private final List<FileInfo> files = new CopyOnWriteArrayList<>();
    private final Map<String, byte[]> contents = new ConcurrentHashMap<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger cutOff = new AtomicInteger();
    private final AtomicLong bytesSent = new AtomicLong();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private static final Delivery HONEST = new Delivery(Integer.MAX_VALUE, Duration.ZERO, -1);
    private Delivery delivery = HONEST;
    private int honestConnections;
    private long listedTotal = -1;
    private long manifestSizeDelta;
    private boolean corruptData;
    private ServerSocket server;

    private HostilePeer() {
    }

    /** An honest peer (a baseline; add files with {@link #serving}). */
    public static HostilePeer honest() {
        return new HostilePeer();
    }

    /** Sends every answer (the HELLO_ACK too) {@code bytes} at a time, waiting {@code interval} before each chunk. */
    public static HostilePeer trickle(int bytes, Duration interval) {
        HostilePeer peer = new HostilePeer();
        peer.delivery = new Delivery(bytes, interval, -1);
        return peer;
    }

    /** Sends the first {@code bytes} of its answers (the HELLO_ACK's included) and then nothing, keeping the socket open. */
    public static HostilePeer stallMidFrame(int bytes) {
        HostilePeer peer = new HostilePeer();
        peer.delivery = new Delivery(Integer.MAX_VALUE, Duration.ZERO, bytes);
        return peer;
    }

    /** Lists {@code count} generated files (valid names and hashes), in pages as large as the protocol allows. */
    public static HostilePeer hugeList(int count) {
        HostilePeer peer = new HostilePeer();
        IntStream.range(0, count).forEach(i -> peer.files.add(new FileInfo("file-%07d.bin".formatted(i), i,
                hash(("file " + i).getBytes()).sha256())));
        return peer;
    }

    /** Claims {@code total} files in every LIST page, whatever it really lists. */
    public static HostilePeer lyingListTotal(long total) {
        HostilePeer peer = new HostilePeer();
        peer.listedTotal = total;
        return peer;
    }

    /** Answers MANIFEST with the manifest of a file {@code delta} bytes larger than the one asked for. */
    public static HostilePeer lyingManifestSize(long delta) {
        HostilePeer peer = new HostilePeer();
        peer.manifestSizeDelta = delta;
        return peer;
    }

    /** Answers GET with a correct DATA header followed by bytes that are not the file's. */
    public static HostilePeer wrongData() {
        HostilePeer peer = new HostilePeer();
        peer.corruptData = true;
        return peer;
    }

    /** Offers {@code name} with these bytes (LIST, MANIFEST and GET use them, before any lie is applied). */
    public HostilePeer serving(String name, byte[] bytes) {
        contents.put(name, bytes.clone());
        files.add(new FileInfo(name, bytes.length, hash(bytes).sha256()));
        return this;
    }

    /** Offers a file whose LIST entry says {@code size} whatever its bytes are. */
    public HostilePeer listing(String name, long size, Sha256 sha256) {
        files.add(new FileInfo(name, size, sha256));
        return this;
    }

    /**
     * Behaves honestly on the first {@code count} connections and as told from then on (a peer that passes a
     * registration check and then turns hostile).
     */
    public HostilePeer honestFirst(int count) {
        this.honestConnections = count;
        return this;
    }

    /** Binds to a free loopback port and starts accepting. */
    public HostilePeer start() throws IOException {
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread.ofVirtual().name("hostile-peer").start(this::acceptLoop);
        return this;
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    /** Answer bytes written so far, over all connections. */
    public long bytesSent() {
        return bytesSent.get();
    }

    /** Connections the client closed (or reset) while this side still had answer bytes to send. */
    public int cutOff() {
        return cutOff.get();
    }

    /** Connections still open on this side (a client that gave up has closed its end; this counts ours). */
    public int openConnections() {
        return (int) open.stream().filter(s -> !s.isClosed()).count();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Delivery how = connections.incrementAndGet() <= honestConnections ? HONEST : delivery;
                open.add(socket);
                Thread.ofVirtual().start(() -> serve(socket, how));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket, Delivery how) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            int version = WireLimits.HANDSHAKE_VERSION;
            while (true) {
                Message request = WireCodec.read(in, version);
                if (request instanceof Hello hello) {
                    int chosen = Math.min(hello.maxVersion(), WireLimits.VERSION);
                    if (!send(out, encode(new HelloAck(chosen, "hostile-peer"), WireLimits.HANDSHAKE_VERSION), how)) {
                        in.transferTo(OutputStream.nullOutputStream());
                        cutOff.incrementAndGet();
                        return;
                    }
                    version = chosen;
                } else if (!send(out, answer(request, version), how)) {
                    in.transferTo(OutputStream.nullOutputStream()); // stalled: wait for the client to give up
                    cutOff.incrementAndGet();
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            // the client gave up or closed: that is what the tests look at
        } finally {
            open.remove(socket);
        }
    }

    private byte[] answer(Message request, int version) throws IOException {
        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        switch (request) {
            case Ping ping -> WireCodec.write(new Pong(ping.nonce()), frames, version);
            case ListFiles list -> WireCodec.write(listPage(list.start()), frames, version);
            case ManifestRequest manifest -> WireCodec.write(manifestPage(manifest), frames, version);
            case Get get -> {
                byte[] bytes = contents.getOrDefault(get.name(), new byte[0]);
                long length = get.length() == Get.TO_END ? bytes.length - get.offset() : get.length();
                WireCodec.write(new DataHeader(get.offset(), length, bytes.length, get.sha256()), frames, version);
                byte[] body = Arrays.copyOfRange(bytes, (int) get.offset(), (int) (get.offset() + length));
                if (corruptData && body.length > 0) {
                    body[body.length / 2] ^= 0x5A;
                }
                frames.write(body);
            }
            default -> throw new IOException("hostile peer does not handle " + request.type());
        }
        return frames.toByteArray();
    }

    private ListResult listPage(long start) {
        List<FileInfo> snapshot = List.copyOf(files);
        int from = (int) Math.min(start, snapshot.size());
        int to = Math.min(snapshot.size(), from + WireLimits.MAX_LIST_ENTRIES);
        long total = listedTotal >= 0 ? listedTotal : snapshot.size();
        return new ListResult(total, from, new ArrayList<>(snapshot.subList(from, to)));
    }

    private ManifestPage manifestPage(ManifestRequest request) {
        byte[] bytes = contents.getOrDefault(request.name(), new byte[0]);
        PieceManifest manifest = hash(bytes).manifest();
        long size = bytes.length + manifestSizeDelta;
        // a lie must still be a well-formed page: as many pieces as the claimed size has, hashes made up
        int pieces = PieceManifest.pieceCount(size, WireLimits.PIECE_SIZE);
        List<Sha256> hashes = IntStream.range((int) request.start(), pieces).limit(WireLimits.MAX_MANIFEST_ENTRIES)
                .mapToObj(i -> i < manifest.pieceCount() ? manifest.hash(i) : manifest.root()).toList();
        return new ManifestPage(size, WireLimits.PIECE_SIZE, pieces, request.start(), hashes);
    }

    /** Writes the answer as the delivery says; false when it stalled before the end. */
    private boolean send(OutputStream out, byte[] bytes, Delivery delivery) throws IOException, InterruptedException {
        int limit = delivery.stallAfterBytes() >= 0 ? Math.min(bytes.length, delivery.stallAfterBytes()) : bytes.length;
        int sent = 0;
        try {
            while (sent < limit) {
                if (!delivery.interval().isZero()) {
                    Thread.sleep(delivery.interval());
                }
                int chunk = Math.min(delivery.chunkBytes(), limit - sent);
                out.write(bytes, sent, chunk);
                out.flush();
                sent += chunk;
                bytesSent.addAndGet(chunk);
            }
        } catch (IOException e) {
            cutOff.incrementAndGet();
            throw e;
        }
        return limit == bytes.length;
    }

    private static PieceHasher.Result hash(byte[] bytes) {
        PieceHasher hasher = new PieceHasher();
        hasher.update(bytes, 0, bytes.length);
        return hasher.finish();
    }

    private static byte[] encode(Message message, int version) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        WireCodec.write(message, frame, version);
        return frame.toByteArray();
    }

    @Override
    public void close() throws IOException {
        if (server != null) {
            server.close();
        }
        for (Socket socket : open) {
            socket.close();
        }
    }
}
