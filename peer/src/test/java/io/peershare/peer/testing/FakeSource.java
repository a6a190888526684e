package io.peershare.peer.testing;

import io.peershare.protocol.PieceManifest;
import io.peershare.protocol.Sha256;
import io.peershare.protocol.wire.BitfieldRequest;
import io.peershare.protocol.wire.BitfieldResult;
import io.peershare.protocol.wire.DataHeader;
import io.peershare.protocol.wire.ErrorCode;
import io.peershare.protocol.wire.ErrorMessage;
import io.peershare.protocol.wire.Get;
import io.peershare.protocol.wire.Hello;
import io.peershare.protocol.wire.HelloAck;
import io.peershare.protocol.wire.HaveRequest;
import io.peershare.protocol.wire.HaveResult;
import io.peershare.protocol.wire.ManifestPage;
import io.peershare.protocol.wire.ManifestRequest;
import io.peershare.protocol.wire.Message;
import io.peershare.protocol.wire.Ping;
import io.peershare.protocol.wire.Pong;
import io.peershare.protocol.wire.RetryLater;
import io.peershare.protocol.wire.WireCodec;
import io.peershare.protocol.wire.WireLimits;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted, possibly hostile, wire source speaking protocol version 2 (or 1): it answers HELLO, PING,
 * MANIFEST, BITFIELD, HAVE and GET for one content, and can misbehave on purpose: flip a byte of a piece,
 * hold only some pieces, send a manifest of other bytes, die or go silent after some bytes, trickle, refuse
 * every GET with RETRY_LATER. It records what it was asked, so tests can count pieces sent.
 */
public final class FakeSource implements AutoCloseable {

    private final ServerSocket server;
    private final String name;
    private final byte[] content;
    private final Sha256 claimed;
    private volatile PieceManifest manifest;
    private volatile int version = 2;
    private volatile BitSet holds;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    /** Pieces to corrupt (flip one byte) when sent. */
    private final BitSet corrupt = new BitSet();
    private volatile long cutAfter = -1;
    private volatile boolean stallAtCut;
    private volatile long trickleMillis;
    private volatile boolean alwaysBusy;
    private volatile long slowStartMillis;
    private volatile long pieceDelayMillis;
    private final AtomicInteger bytesSent = new AtomicInteger();
    /** GET offsets received, in order. */
    public final List<Long> getOffsets = new CopyOnWriteArrayList<>();
    /** How many times each piece was sent (DATA), by piece index. */
    public final Map<Integer, AtomicInteger> piecesSent = new ConcurrentHashMap<>();

    /** A source of {@code content} shared as {@code name}, claiming SHA-256 {@code claimed}. */
    public FakeSource(String name, byte[] content, Sha256 claimed) throws IOException {
        this.name = name;
        this.content = content;
        this.claimed = claimed;
        this.manifest = io.peershare.protocol.PieceHasher.of(content).manifest();
        this.holds = new BitSet();
        holds.set(0, manifest.pieceCount());
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress("127.0.0.1", 0));
        Thread.ofVirtual().start(this::acceptLoop);
    }

    public int port() {
        return server.getLocalPort();
    }

    public PieceManifest manifest() {
        return manifest;
    }

    /** Speak only protocol version 1 (an old peer). */
    public FakeSource version1() {
        this.version = 1;
        return this;
    }

    /** Hold only these pieces (a partial source). */
    public FakeSource holding(BitSet pieces) {
        this.holds = (BitSet) pieces.clone();
        return this;
    }

    /** Flip a byte of {@code piece} whenever it is sent. */
    public FakeSource corruptPiece(int piece) {
        corrupt.set(piece);
        return this;
    }

    /** Send this manifest instead of the true one (a liar, or a holder of other bytes). */
    public FakeSource lyingManifest(PieceManifest other) {
        this.manifest = other;
        return this;
    }

    /** After this many data bytes in all, close the connection (a source dying mid-transfer). */
    public FakeSource cutAfter(long bytes) {
        this.cutAfter = bytes;
        return this;
    }

    /** After {@code cutAfter} bytes, go silent but keep the connection open (a hung or paused source). */
    public FakeSource stall() {
        this.stallAtCut = true;
        return this;
    }

    /** Send data one byte every {@code millis} (a trickling source). */
    public FakeSource trickle(long millis) {
        this.trickleMillis = millis;
        return this;
    }

    /** Wait this long before answering HELLO (a source that is late to join). */
    public FakeSource slowStart(long millis) {
        this.slowStartMillis = millis;
        return this;
    }

    /** Wait this long before answering each GET (a slow but steady source). */
    public FakeSource pieceDelay(long millis) {
        this.pieceDelayMillis = millis;
        return this;
    }

    /** Answer every GET with RETRY_LATER. */
    public FakeSource alwaysBusy() {
        this.alwaysBusy = true;
        return this;
    }

    public int timesSent(int piece) {
        AtomicInteger count = piecesSent.get(piece);
        return count == null ? 0 : count.get();
    }

    public int totalPiecesSent() {
        return piecesSent.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                sockets.add(socket);
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            Hello hello = (Hello) WireCodec.read(in);
            Thread.sleep(slowStartMillis);
            int v = Math.min(version, hello.maxVersion());
            WireCodec.write(new HelloAck(v, "fake"), out);
            while (true) {
                Message message = WireCodec.read(in, v);
                if (!answer(message, out, v)) {
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            // the client left, or we cut the connection on purpose
        }
    }

    /** Returns false when the connection is to be cut. */
    private boolean answer(Message message, OutputStream out, int v) throws IOException, InterruptedException {
        switch (message) {
            case Ping ping -> WireCodec.write(new Pong(ping.nonce()), out, v);
            case ManifestRequest request -> {
                PieceManifest m = manifest;
                int from = (int) request.start();
                List<Sha256> hashes = new ArrayList<>();
                for (int i = from; i < Math.min(m.pieceCount(), from + WireLimits.MAX_MANIFEST_ENTRIES); i++) {
                    hashes.add(m.hash(i));
                }
                WireCodec.write(new ManifestPage(m.fileSize(), m.pieceSize(), m.pieceCount(), from, hashes), out, v);
            }
            case BitfieldRequest request -> WireCodec.write(new BitfieldResult(manifest.pieceCount(), holds), out, v);
            case HaveRequest request -> {
                int held = holds.cardinality();
                if (request.serial() > held) {
                    WireCodec.write(new ErrorMessage(ErrorCode.BAD_RANGE, "beyond"), out, v);
                } else {
                    WireCodec.write(new HaveResult(request.serial(), held, List.of()), out, v);
                }
            }
            case Get get -> {
                return get(get, out, v);
            }
            default -> WireCodec.write(new ErrorMessage(ErrorCode.UNEXPECTED_MESSAGE, "not here"), out, v);
        }
        return true;
    }

    private boolean get(Get get, OutputStream out, int v) throws IOException, InterruptedException {
        getOffsets.add(get.offset());
        Thread.sleep(pieceDelayMillis);
        if (!get.name().equals(name)) {
            WireCodec.write(new ErrorMessage(ErrorCode.NO_SUCH_FILE, "no " + get.name()), out, v);
            return true;
        }
        if (alwaysBusy) {
            WireCodec.write(new RetryLater(200, "busy"), out, v);
            return true;
        }
        long offset = get.offset();
        long length = get.length() == Get.TO_END ? content.length - offset : get.length();
        int first = (int) (offset / WireLimits.PIECE_SIZE);
        int last = (int) ((offset + Math.max(1, length) - 1) / WireLimits.PIECE_SIZE);
        if (length > 0 && holds.get(first, last + 1).cardinality() < last - first + 1) {
            WireCodec.write(new ErrorMessage(ErrorCode.NOT_HELD, "not yet"), out, v);
            return true;
        }
        WireCodec.write(new DataHeader(offset, length, content.length, claimed), out, v);
        byte[] bytes = Arrays.copyOfRange(content, (int) offset, (int) (offset + length));
        for (int piece = first; piece <= last && length > 0; piece++) {
            if (corrupt.get(piece)) {
                int at = (int) ((long) piece * WireLimits.PIECE_SIZE - offset) + 7;
                bytes[Math.max(0, Math.min(bytes.length - 1, at))] ^= 0x55;
            }
        }
        return sendRaw(bytes, out, first, last);
    }

    private boolean sendRaw(byte[] bytes, OutputStream out, int first, int last) throws IOException, InterruptedException {
        for (int i = 0; i < bytes.length; ) {
            if (cutAfter >= 0 && bytesSent.get() >= cutAfter) {
                out.flush();
                if (stallAtCut) {
                    Thread.sleep(60_000);
                }
                return false;
            }
            int chunk = trickleMillis > 0 ? 1 : (int) Math.min(bytes.length - i,
                    cutAfter >= 0 ? Math.max(1, cutAfter - bytesSent.get()) : bytes.length - i);
            out.write(bytes, i, chunk);
            i += chunk;
            bytesSent.addAndGet(chunk);
            if (trickleMillis > 0) {
                out.flush();
                Thread.sleep(trickleMillis);
            }
        }
        out.flush();
        for (int piece = first; piece <= last; piece++) {
            piecesSent.computeIfAbsent(piece, p -> new AtomicInteger()).incrementAndGet();
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
