package io.peershare.protocol.wire;

import io.peershare.protocol.PieceManifest;
import io.peershare.protocol.Sha256;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One client connection to a peer's file server: connect with a deadline, HELLO handshake (offering
 * versions 1 and 2), then any sequence of requests. PING, LIST and GET work on either version; MANIFEST,
 * BITFIELD and HAVE need a server that chose version 2. Not thread-safe; one connection per transfer.
 */
public final class WireClient implements Closeable {

    /** Socket receive buffer asked for on data connections; large buffers keep a fast link full. */
    private static final int RECEIVE_BUFFER_BYTES = 4 << 20;

    /** Most files {@link #list()} accepts from one peer, so a hostile peer cannot exhaust memory. */
    public static final int MAX_LISTED_FILES = 100_000;

    /** Marks a manifest request whose file size the caller does not know (sizes are never negative). */
    private static final long ANY_SIZE = -1;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String remote;
    private int version = WireLimits.HANDSHAKE_VERSION;

    private WireClient(Socket socket, String remote, InputStream raw) throws IOException {
        this.socket = socket;
        this.remote = remote;
        this.in = new BufferedInputStream(raw, 64 * 1024);
        this.out = new BufferedOutputStream(socket.getOutputStream(), 8 * 1024);
    }

    /** What {@link #list(int)} got: at most the files asked for, and how many the peer said it has. */
    public record Listing(List<FileInfo> files, long total) {

        public Listing {
            files = List.copyOf(files);
        }

        /** True when the peer has more files than were listed. */
        public boolean truncated() {
            return total > files.size();
        }
    }

    /**
     * Connects to {@code host:port} within {@code connectTimeout}, bounds every later read by
     * {@code readTimeout}, and performs the HELLO handshake.
     */
    public static WireClient connect(String host, int port, Duration connectTimeout, Duration readTimeout, String agent)
            throws IOException {
        return connect(host, port, connectTimeout, readTimeout, null, agent);
    }

    /**
     * As {@link #connect(String, int, Duration, Duration, String)}, and the whole exchange — connect, HELLO and
     * every later answer — must end within {@code deadline} from now: a per-read timeout alone lets a peer that
     * sends one byte just before each timeout hold the caller for as long as it likes. Once the deadline has
     * passed every read fails with a {@link SocketTimeoutException} whose message says so. Null = no deadline.
     */
    public static WireClient connect(String host, int port, Duration connectTimeout, Duration readTimeout,
                                     Duration deadline, String agent) throws IOException {
        Socket socket = new Socket();
        String remote = host + ":" + port;
        long end = deadline == null ? Long.MAX_VALUE : System.nanoTime() + deadline.toNanos();
        try {
            socket.setReceiveBufferSize(RECEIVE_BUFFER_BYTES);
            socket.setTcpNoDelay(true);
            Duration connectWithin = deadline == null || connectTimeout.compareTo(deadline) <= 0 ? connectTimeout : deadline;
            socket.connect(new InetSocketAddress(host, port), (int) Math.max(1, connectWithin.toMillis()));
            socket.setSoTimeout((int) Math.max(1, readTimeout.toMillis()));
            InputStream raw = deadline == null ? socket.getInputStream()
                    : new DeadlineInputStream(socket, end, readTimeout, deadline);
            WireClient client = new WireClient(socket, remote, raw);
            client.handshake(agent);
            return client;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * The socket's input with a deadline for the whole exchange: before each read the socket timeout becomes
     * the smaller of the per-read timeout and the time left, so no read outlives the deadline.
     */
    private static final class DeadlineInputStream extends InputStream {
        private final Socket socket;
        private final InputStream in;
        private final long end;
        private final long readMillis;
        private final Duration deadline;

        DeadlineInputStream(Socket socket, long end, Duration readTimeout, Duration deadline) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.end = end;
            this.readMillis = Math.max(1, readTimeout.toMillis());
            this.deadline = deadline;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            long leftNanos = end - System.nanoTime();
            if (leftNanos <= 0) {
                throw passed();
            }
            long left = Math.max(1, leftNanos / 1_000_000);
            // A timeout set from the time left is the deadline's, even if the clock reads a hair short of it
            // when the read returns (the timeout has millisecond grain).
            boolean deadlineBound = left < readMillis;
            socket.setSoTimeout((int) Math.min(readMillis, left));
            try {
                return in.read(buffer, offset, length);
            } catch (SocketTimeoutException e) {
                throw deadlineBound || System.nanoTime() - end >= 0 ? passed() : e;
            }
        }

        private SocketTimeoutException passed() {
            return new SocketTimeoutException("deadline of " + deadline.toMillis() + " ms for the whole exchange passed");
        }
    }

    private void handshake(String agent) throws IOException {
        version = handshake(in, out, agent, remote);
    }

    /**
     * The client's side of the HELLO exchange on any pair of streams (also used by the peer's own data client,
     * which reads file bytes from a channel rather than through this class). Offers every version this side
     * speaks and returns the one the server chose.
     */
    public static int handshake(InputStream in, OutputStream out, String agent, String remote) throws IOException {
        WireCodec.write(new Hello(WireLimits.MIN_VERSION, WireLimits.VERSION, agent), out);
        HelloAck answer = expect(in, HelloAck.class, remote, WireLimits.HANDSHAKE_VERSION);
        if (answer.version() < WireLimits.MIN_VERSION || answer.version() > WireLimits.VERSION) {
            throw new ProtocolException(ErrorCode.UNSUPPORTED_VERSION,
                    remote + " chose protocol version " + answer.version() + ", which this side does not speak");
        }
        return answer.version();
    }

    /** The protocol version the server chose. */
    public int version() {
        return version;
    }

    /** Sends PING and waits for the matching PONG; returns the round-trip time in nanoseconds. */
    public long ping() throws IOException {
        long nonce = ThreadLocalRandom.current().nextLong();
        long started = System.nanoTime();
        WireCodec.write(new Ping(nonce), out, version);
        Pong pong = expect(Pong.class);
        long rtt = System.nanoTime() - started;
        if (pong.nonce() != nonce) {
            throw new ProtocolException(ErrorCode.UNEXPECTED_MESSAGE, remote + " answered PING with a PONG for another nonce");
        }
        return rtt;
    }

    /** All files the peer offers, fetched page by page; a peer claiming more than this client lists is refused. */
    public List<FileInfo> list() throws IOException {
        Listing listing = list(MAX_LISTED_FILES);
        if (listing.truncated()) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD,
                    remote + " claims " + listing.total() + " files; this client lists at most " + MAX_LISTED_FILES);
        }
        return listing.files();
    }

    /**
     * The peer's files, page by page, but no more than {@code maxFiles} of them (the rest is only counted):
     * what a caller shows or keeps stays bounded however many files a peer claims.
     */
    public Listing list(int maxFiles) throws IOException {
        if (maxFiles < 1) {
            throw new IllegalArgumentException("maxFiles must be at least 1, got " + maxFiles);
        }
        List<FileInfo> files = new ArrayList<>();
        long total;
        do {
            WireCodec.write(new ListFiles(files.size()), out, version);
            ListResult page = expect(ListResult.class);
            if (page.start() != files.size()) {
                throw new ProtocolException(ErrorCode.UNEXPECTED_MESSAGE,
                        remote + " sent LIST page from " + page.start() + ", asked from " + files.size());
            }
            total = page.total();
            if (page.files().isEmpty() && files.size() < total) {
                throw new ProtocolException(ErrorCode.UNEXPECTED_MESSAGE, remote + " sent an empty LIST page before the end");
            }
            files.addAll(page.files().subList(0, Math.min(page.files().size(), maxFiles - files.size())));
        } while (files.size() < total && files.size() < maxFiles);
        return new Listing(files, Math.max(total, files.size()));
    }

    /**
     * Sends GET and reads the DATA header. The caller then reads exactly {@code header.length()} bytes from
     * {@link #data()} before sending anything else on this connection.
     */
    public DataHeader get(String name, Sha256 sha256, long offset, long length) throws IOException {
        WireCodec.write(new Get(name, sha256, offset, length), out, version);
        DataHeader header = expect(DataHeader.class);
        // TO_END must be answered with the whole rest of the file: a shorter DATA would end the transfer
        // early and surface later as a misleading "corrupt copy"
        long expected = length == Get.TO_END ? header.fileSize() - offset : length;
        if (!header.sha256().equals(sha256) || header.offset() != offset || header.length() != expected) {
            throw new ProtocolException(ErrorCode.UNEXPECTED_MESSAGE, remote + " sent DATA for another range or file");
        }
        return header;
    }

    /**
     * (Version 2) The piece manifest of a file, fetched page by page and checked for consistency (same
     * geometry on every page, no empty page before the end). The caller checks its root against the tracker's.
     */
    public PieceManifest manifest(String name, Sha256 sha256) throws IOException {
        return pagedManifest(name, sha256, ANY_SIZE);
    }

    /**
     * (Version 2) As {@link #manifest(String, Sha256)}, and refuses at the first page a manifest of another file
     * size than {@code fileSize} (the size the tracker announced), so a server claiming a huge file cannot make
     * this client page in up to 128 MiB of hashes before the root check would refuse them.
     */
    public PieceManifest manifest(String name, Sha256 sha256, long fileSize) throws IOException {
        if (fileSize < 0) {
            throw new IllegalArgumentException("file size must not be negative, got " + fileSize);
        }
        return pagedManifest(name, sha256, fileSize);
    }

    private PieceManifest pagedManifest(String name, Sha256 sha256, long expectedSize) throws IOException {
        requireVersion2("MANIFEST");
        ByteArrayOutputStream hashes = new ByteArrayOutputStream();
        ManifestPage first = null;
        long received = 0;
        do {
            WireCodec.write(new ManifestRequest(name, sha256, received), out, version);
            ManifestPage page = expect(ManifestPage.class);
            if (first == null) {
                if (expectedSize != ANY_SIZE && page.fileSize() != expectedSize) {
                    throw new ProtocolException(ErrorCode.UNEXPECTED_MESSAGE, remote + " sent the manifest of a file of "
                            + page.fileSize() + " bytes; " + name + " has " + expectedSize);
                }
                first = page;
            } else if (page.fileSize() != first.fileSize() || page.pieceCount() != first.pieceCount()) {
                throw new ProtocolException(ErrorCode.UNEXPECTED_MESSAGE, remote + " changed the manifest geometry between pages");
            }
            if (page.start() != received) {
                throw new ProtocolException(ErrorCode.UNEXPECTED_MESSAGE,
                        remote + " sent MANIFEST page from " + page.start() + ", asked from " + received);
            }
            if (page.hashes().isEmpty() && received < page.pieceCount()) {
                throw new ProtocolException(ErrorCode.UNEXPECTED_MESSAGE, remote + " sent an empty MANIFEST page before the end");
            }
            page.hashes().forEach(h -> hashes.writeBytes(h.bytes()));
            received += page.hashes().size();
        } while (received < first.pieceCount());
        return PieceManifest.of(first.fileSize(), (int) first.pieceSize(), hashes.toByteArray());
    }

    /** (Version 2) Which pieces of a file the server holds now. */
    public BitfieldResult bitfield(String name, Sha256 sha256) throws IOException {
        requireVersion2("BITFIELD");
        WireCodec.write(new BitfieldRequest(name, sha256), out, version);
        return expect(BitfieldResult.class);
    }

    /** (Version 2) The pieces the server gained after the first {@code serial} of its have-log. */
    public HaveResult have(String name, Sha256 sha256, long serial) throws IOException {
        requireVersion2("HAVE");
        WireCodec.write(new HaveRequest(name, sha256, serial), out, version);
        HaveResult answer = expect(HaveResult.class);
        if (answer.from() != serial) {
            throw new ProtocolException(ErrorCode.UNEXPECTED_MESSAGE,
                    remote + " sent HAVE entries from " + answer.from() + ", asked from " + serial);
        }
        return answer;
    }

    private void requireVersion2(String request) throws ProtocolException {
        if (version < 2) {
            throw new ProtocolException(ErrorCode.UNSUPPORTED_VERSION, remote + " speaks protocol version " + version
                    + " only, which has no " + request + "; it needs a peershare peer of version 2 or later");
        }
    }

    /** The raw byte stream after a DATA header. */
    public InputStream data() {
        return in;
    }

    public Socket socket() {
        return socket;
    }

    public String remote() {
        return remote;
    }

    private <T extends Message> T expect(Class<T> type) throws IOException {
        return expect(in, type, remote, version);
    }

    /**
     * Reads one frame of {@code version} that must be a {@code type}: an ERROR answer becomes a
     * {@link RemoteErrorException}, a RETRY_LATER where DATA was expected (the answer to GET) a
     * {@link RetryLaterException}, anything else a {@link ProtocolException}, a close an {@link EOFException}
     * naming {@code remote}.
     */
    public static <T extends Message> T expect(InputStream in, Class<T> type, String remote, int version) throws IOException {
        Message message;
        try {
            message = WireCodec.read(in, version);
        } catch (EOFException e) {
            throw new EOFException(remote + " closed the connection: " + e.getMessage());
        }
        if (message instanceof ErrorMessage error) {
            throw new RemoteErrorException(error);
        }
        // RETRY_LATER answers GET only (no other request needs an upload slot); anywhere else it is unexpected
        if (message instanceof RetryLater retry && type == DataHeader.class) {
            throw new RetryLaterException(remote, retry);
        }
        if (!type.isInstance(message)) {
            throw new ProtocolException(ErrorCode.UNEXPECTED_MESSAGE,
                    remote + " answered with " + message.type() + " where " + type.getSimpleName() + " was expected");
        }
        return type.cast(message);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
