package io.peershare.peer.server;

import io.peershare.peer.PeerMetrics;
import io.peershare.peer.repository.FileChangedException;
import io.peershare.peer.repository.IndexEntry;
import io.peershare.peer.repository.Repository;
import io.peershare.protocol.Sha256;
import io.peershare.protocol.wire.BitfieldRequest;
import io.peershare.protocol.wire.HaveRequest;
import io.peershare.protocol.wire.ManifestRequest;
import io.peershare.protocol.wire.RetryLater;
import io.peershare.protocol.wire.DataHeader;
import io.peershare.protocol.wire.ErrorCode;
import io.peershare.protocol.wire.ErrorMessage;
import io.peershare.protocol.wire.FileInfo;
import io.peershare.protocol.wire.Get;
import io.peershare.protocol.wire.Hello;
import io.peershare.protocol.wire.HelloAck;
import io.peershare.protocol.wire.ListFiles;
import io.peershare.protocol.wire.ListResult;
import io.peershare.protocol.wire.Message;
import io.peershare.protocol.wire.Ping;
import io.peershare.protocol.wire.Pong;
import io.peershare.protocol.wire.ProtocolException;
import io.peershare.protocol.wire.WireCodec;
import io.peershare.protocol.wire.WireLimits;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.OutputStream;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Optional;

/**
 * One client connection: HELLO first, then PING / LIST / GET (and, in version 2, MANIFEST / BITFIELD / HAVE)
 * until the client leaves or breaks a rule. Requests are answered one at a time, in order, so a version-2
 * client may pipeline them.
 *
 * <p>Who holds it: while it waits for a request the {@link RequestGate}'s selector does (the socket
 * non-blocking, its bytes gathered in {@link #frames}); with a complete request in hand a serving thread does
 * ({@link #serve}, the socket blocking so sendfile runs at full speed), then gives it back. The two never hold
 * it at once: the hand-over goes through a queue, which orders their memory effects.
 */
final class Connection {

    private static final Logger LOG = Logger.getLogger(Connection.class);
    /** Bytes per transferTo call: the watchdog sees progress at least this often. */
    private static final long SEND_CHUNK_BYTES = 8L << 20;
    /** Large kernel send buffer so sendfile keeps a fast link full. */
    private static final int SEND_BUFFER_BYTES = 4 << 20;
    /** Bytes written the ordinary way when sendfile would block (see {@link #transfer}). */
    private static final int PARK_WRITE_BYTES = 64 * 1024;

    private final SocketChannel channel;
    private final Repository repository;
    private final Contents contents;
    private final PieceRequests pieces;
    private final UploadSlots uploads;
    private final ServerSettings settings;
    private final PeerMetrics metrics;
    private final String remote;
    /** What the client has sent and the server not yet decoded (read by whoever holds the connection). */
    final FrameBuffer frames = new FrameBuffer();
    /** System.nanoTime() of the accept. */
    final long acceptedAt;
    /** System.nanoTime() when the selector took it back, waiting for a request (selector thread only). */
    long parkedAt;
    /** Its key while the selector holds it (selector thread only). */
    SelectionKey key;
    /** System.nanoTime() of the last progress of a send in flight, 0 when not sending. */
    private volatile long sendProgress;
    private OutputStream out;
    /** Whether a HELLO was answered; until then the only request accepted is HELLO. */
    private boolean greeted;
    /** The protocol version of this connection: 1 until the handshake, then the one chosen. */
    private volatile int version = WireLimits.HANDSHAKE_VERSION;

    Connection(SocketChannel channel, Repository repository, Contents contents, UploadSlots uploads, ServerSettings settings,
               PeerMetrics metrics, long acceptedAt) {
        this.channel = channel;
        this.repository = repository;
        this.contents = contents;
        this.pieces = new PieceRequests(contents);
        this.uploads = uploads;
        this.settings = settings;
        this.metrics = metrics;
        this.acceptedAt = acceptedAt;
        this.remote = String.valueOf(channel.socket().getRemoteSocketAddress());
    }

    SocketChannel channel() {
        return channel;
    }

    String remote() {
        return remote;
    }

    int version() {
        return version;
    }

    /** Whether a HELLO was answered on it (a connection that never got that far is the first to go when full). */
    boolean greeted() {
        return greeted;
    }

    /**
     * Answers one request, on a serving thread with the socket in blocking mode. Returns false when the connection
     * must close: a fatal ERROR was sent, or the exchange failed.
     */
    boolean serve(Message request) {
        try {
            if (!greeted) {
                handshake(request);
            } else {
                answer(request);
            }
            return true;
        } catch (ProtocolException e) {
            refuse(e);
        } catch (IOException e) {
            LOG.debugf("connection with %s ended: %s", remote, e.getMessage());
        }
        return false;
    }

    /** Sends the ERROR a protocol violation calls for, before the caller closes the connection. */
    void refuse(ProtocolException e) {
        LOG.debugf("%s broke the protocol: %s", remote, e.getMessage());
        sendQuietly(new ErrorMessage(e.code(), e.getMessage()));
    }

    private void handshake(Message first) throws IOException {
        if (!(first instanceof Hello hello)) {
            throw new ProtocolException(ErrorCode.UNEXPECTED_MESSAGE, "send HELLO first, not " + first.type());
        }
        int chosen = Math.min(hello.maxVersion(), WireLimits.VERSION);
        if (chosen < Math.max(hello.minVersion(), WireLimits.MIN_VERSION)) {
            throw new ProtocolException(ErrorCode.UNSUPPORTED_VERSION, "this peer speaks protocol versions "
                    + WireLimits.MIN_VERSION + " to " + WireLimits.VERSION + "; HELLO offered "
                    + hello.minVersion() + ".." + hello.maxVersion());
        }
        // Set here, not at accept: a connection that never greets costs no kernel buffer reservation or syscalls.
        channel.setOption(StandardSocketOptions.SO_SNDBUF, SEND_BUFFER_BYTES);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        send(new HelloAck(chosen, settings.agent()));
        version = chosen;
        greeted = true;
    }

    private void answer(Message request) throws IOException {
        switch (request) {
            case Ping ping -> send(new Pong(ping.nonce()));
            case ListFiles list -> send(listPage(list.start()));
            case Get get -> get(get);
            case ManifestRequest manifest -> send(pieces.manifest(manifest));
            case BitfieldRequest bitfield -> send(pieces.bitfield(bitfield));
            case HaveRequest have -> send(pieces.have(have));
            default -> throw new ProtocolException(ErrorCode.UNEXPECTED_MESSAGE, "after HELLO a client sends "
                    + (version < 2 ? "PING, LIST or GET" : "PING, LIST, GET, MANIFEST, BITFIELD or HAVE")
                    + ", not " + request.type());
        }
    }

    private Message listPage(long start) {
        List<IndexEntry> all = repository.entries();
        if (start > all.size()) {
            return new ErrorMessage(ErrorCode.BAD_RANGE, "LIST start " + start + " is beyond the " + all.size() + " files shared");
        }
        int from = (int) start;
        int to = Math.min(all.size(), from + settings.listPageSize());
        List<FileInfo> page = all.subList(from, to).stream().map(IndexEntry::toFileInfo).toList();
        return new ListResult(all.size(), start, page);
    }

    private void get(Get get) throws IOException {
        Optional<Contents.Served> found = contents.find(get.name(), version);
        if (found.isEmpty()) {
            send(new ErrorMessage(ErrorCode.NO_SUCH_FILE, "no file named '" + get.name() + "' is shared by this peer"));
            return;
        }
        Contents.Served served = found.get();
        if (!served.sha256().equals(get.sha256())) {
            send(hashMismatch(get.name(), served.sha256(), get.sha256()));
            return;
        }
        long size = served.size();
        long length = get.length() == Get.TO_END ? size - get.offset() : get.length();
        if (get.offset() > size || length < 0 || length > size - get.offset()) {
            send(new ErrorMessage(ErrorCode.BAD_RANGE, "range " + get.offset() + "+" + (get.length() == Get.TO_END ? "to-end" : get.length())
                    + " is outside '" + get.name() + "' (" + size + " bytes)"));
            return;
        }
        if (!served.holds(get.offset(), length)) {
            send(new ErrorMessage(ErrorCode.NOT_HELD, "this peer is still fetching '" + get.name()
                    + "' and does not hold all of " + get.offset() + "+" + length + " yet; ask BITFIELD again"));
            return;
        }
        if (!uploads.acquire()) {
            refuseBusy();
            return;
        }
        try {
            sendRange(served, get.offset(), length);
        } finally {
            uploads.release();
        }
    }

    /** Every upload slot is taken: version 2 says when to ask again; version 1 only knows BUSY (fatal). */
    private void refuseBusy() throws IOException {
        String message = "this peer sends " + uploads.count() + " uploads already; ask another source, or again later";
        if (version >= 2) {
            send(new RetryLater(uploads.retryAfterMillis(), message));
            return;
        }
        throw new ProtocolException(ErrorCode.BUSY, message);
    }

    private void sendRange(Contents.Served served, long offset, long length) throws IOException {
        FileChannel file;
        try {
            file = served.open();
        } catch (FileChangedException e) {
            send(new ErrorMessage(ErrorCode.INTERNAL, e.getMessage()));
            return;
        } catch (IOException e) {
            send(new ErrorMessage(ErrorCode.INTERNAL, "cannot read '" + served.name() + "': " + e.getMessage()));
            return;
        }
        try (file) {
            send(new DataHeader(offset, length, served.size(), served.sha256()));
            transfer(file, offset, length);
        }
    }

    static ErrorMessage hashMismatch(String name, Sha256 held, Sha256 asked) {
        return new ErrorMessage(ErrorCode.HASH_MISMATCH, "'" + name + "' here has sha256 " + held.hex() + ", not " + asked.hex());
    }

    /**
     * Zero-copy: the kernel moves file pages to the socket (sendfile); the bytes never enter the heap.
     * Should sendfile ever return 0 (a socket in non-blocking mode under the hood), one small ordinary
     * write, which waits for the socket to drain, keeps things moving, and sendfile resumes after it.
     */
    private void transfer(FileChannel file, long offset, long length) throws IOException {
        long position = offset;
        long end = offset + length;
        sendProgress = System.nanoTime();
        try {
            while (position < end) {
                long sent = file.transferTo(position, Math.min(end - position, SEND_CHUNK_BYTES), channel);
                if (sent == 0) {
                    sent = writeThrough(file, position, (int) Math.min(end - position, PARK_WRITE_BYTES));
                }
                position += sent;
                metrics.served(sent); // per sendfile call (up to 8 MiB), as the kernel takes the bytes
                sendProgress = System.nanoTime();
            }
        } finally {
            sendProgress = 0;
        }
    }

    /** Copies up to {@code max} bytes through a small buffer with a blocking (parking) write; returns the count. */
    private long writeThrough(FileChannel file, long position, int max) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(max);
        while (buffer.hasRemaining()) {
            if (file.read(buffer, position + buffer.position()) < 0) {
                break;
            }
        }
        buffer.flip();
        if (!buffer.hasRemaining()) {
            throw new IOException("file shrank while being sent at offset " + position + "; closing the connection");
        }
        int count = buffer.remaining();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        return count;
    }

    private void send(Message message) throws IOException {
        if (out == null) {
            // The socket adaptor's stream: a blocking write of the whole frame (the channel is blocking while served).
            out = channel.socket().getOutputStream();
        }
        sendProgress = System.nanoTime();
        try {
            WireCodec.write(message, out, version);
        } finally {
            sendProgress = 0;
        }
    }

    private void sendQuietly(Message message) {
        try {
            if (channel.isOpen()) {
                send(message);
            }
        } catch (IOException e) {
            LOG.debugf("could not send %s to %s: %s", message.type(), remote, e.getMessage());
        }
    }

    /** Nanoseconds the send in flight has made no progress, 0 when nothing is being sent. */
    long sendStalledFor(long now) {
        long progress = sendProgress;
        return progress == 0 ? 0 : now - progress;
    }

    /**
     * Closes the socket from another thread. The shutdown comes first because it wakes a thread blocked in
     * sendfile, which the channel's own close does not know about (the send is the file channel's operation).
     */
    void abort() {
        try {
            if (channel.isOpen() && channel.isConnected()) {
                channel.shutdownInput();
                channel.shutdownOutput();
            }
        } catch (IOException e) {
            LOG.debugf("shutting down %s: %s", remote, e.getMessage());
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debugf("closing %s: %s", remote, e.getMessage());
        }
    }
}
