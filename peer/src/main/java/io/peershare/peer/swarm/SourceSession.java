package io.peershare.peer.swarm;

import io.peershare.protocol.PieceManifest;
import io.peershare.protocol.wire.BitfieldRequest;
import io.peershare.protocol.wire.BitfieldResult;
import io.peershare.protocol.wire.DataHeader;
import io.peershare.protocol.wire.ErrorCode;
import io.peershare.protocol.wire.ErrorMessage;
import io.peershare.protocol.wire.Get;
import io.peershare.protocol.wire.HaveRequest;
import io.peershare.protocol.wire.HaveResult;
import io.peershare.protocol.wire.Message;
import io.peershare.protocol.wire.ProtocolException;
import io.peershare.protocol.wire.RemoteErrorException;
import io.peershare.protocol.wire.RetryLater;
import io.peershare.protocol.wire.WireClient;
import io.peershare.protocol.wire.WireCodec;

import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Deque;
import java.util.List;

/**
 * Talks to one source for one fetch, on a thread of its own: connects, checks the source speaks version 2,
 * asks its BITFIELD, then keeps a pipeline of GETs of the pieces the swarm assigns to it, and polls HAVE while
 * the source is itself fetching. Answers come back in order; each piece read goes to the verifier, each
 * bitfield change to the swarm. It decides nothing: which piece, when to stop and whom to blame are the
 * swarm's calls.
 *
 * <p>Deadlines: the swarm's watchdog aborts the session when the source has sent nothing for the stall timeout
 * while an answer is awaited (a dead, paused or cut-off source), or when one answer takes longer than the
 * piece timeout (a trickling source). Frame reads also time out by themselves (SO_TIMEOUT); raw piece bytes
 * are read from the channel straight into a direct buffer, where only the watchdog can stop a stalled read.
 */
final class SourceSession implements Runnable {

    /** How the session ended, for the swarm to decide about the source. */
    enum Ending {
        /** The fetch is over, or the swarm stopped the session. */
        DONE,
        /** A network failure, a timeout, a protocol error: the source may be tried again later. */
        DROPPED,
        /** The source no longer offers the file, or cannot serve pieces (protocol version 1). */
        GONE,
        /** The server is at its connection limit (ERROR BUSY): try again a little later. */
        BUSY,
        /** The swarm stopped it ({@link #abort}) and has already decided what it means for the source. */
        ABORTED
    }

    private sealed interface Pending permits PieceGet, HavePoll, BitfieldAsk {
    }

    private record PieceGet(int piece) implements Pending {
    }

    private record HavePoll(long serial) implements Pending {
    }

    private record BitfieldAsk() implements Pending {
    }

    private final SwarmFetch swarm;
    private final SwarmSource source;
    private final SwarmSettings settings;
    private final PieceManifest manifest;
    private final Deque<Pending> pending = new ArrayDeque<>();
    private final String remote;
    private SocketChannel channel;
    private InputStream in;
    private OutputStream out;
    private int version;
    private int getsInFlight;
    private boolean haveInFlight;
    private long nextHaveAt;
    /** System.nanoTime() when reading the current answer began, 0 between answers (read by the watchdog). */
    private volatile long answerStartedAt;
    /** System.nanoTime() of the last bytes received while an answer was awaited. */
    private volatile long lastBytesAt;
    private volatile String abortReason;

    SourceSession(SwarmFetch swarm, SwarmSource source, SwarmSettings settings, PieceManifest manifest) {
        this.swarm = swarm;
        this.source = source;
        this.settings = settings;
        this.manifest = manifest;
        this.remote = source.key();
    }

    SwarmSource source() {
        return source;
    }

    @Override
    public void run() {
        Ending ending = Ending.DONE;
        String problem = null;
        try {
            connect();
            ask(new BitfieldAsk());
            while (swarm.running() && abortReason == null) {
                fillPipeline();
                pollHaveIfDue();
                if (pending.isEmpty()) {
                    swarm.awaitWork(settings.havePollNanos());
                    continue;
                }
                answer(pending.poll());
            }
        } catch (SourceGoneException e) {
            ending = Ending.GONE;
            problem = e.getMessage();
        } catch (RemoteErrorException e) {
            ending = e.code() == ErrorCode.BUSY ? Ending.BUSY : Ending.DROPPED;
            problem = e.code() == ErrorCode.BUSY ? "busy (connection limit)" : Failures.describe(e);
        } catch (IOException | RuntimeException e) {
            ending = abortReason != null ? Ending.ABORTED : swarm.running() ? Ending.DROPPED : Ending.DONE;
            problem = abortReason != null ? abortReason : Failures.describe(e);
        } finally {
            closeSocket();
            swarm.ended(this, ending, problem);
        }
    }

    private void connect() throws IOException {
        channel = SocketChannel.open();
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        channel.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
        channel.socket().connect(new InetSocketAddress(source.source.address(), source.source.port()),
                settings.connectTimeoutMillis());
        channel.socket().setSoTimeout(settings.stallTimeoutMillis());
        // Unbuffered on purpose: a read-ahead buffer would swallow piece bytes that follow a DATA header.
        in = channel.socket().getInputStream();
        out = new BufferedOutputStream(channel.socket().getOutputStream(), 8 * 1024);
        startAnswer();
        version = WireClient.handshake(in, out, settings.agent(), remote);
        answerStartedAt = 0;
        if (version < 2) {
            throw new SourceGoneException("speaks protocol version " + version + " only (no pieces); upgrade it");
        }
    }

    /** Asks the swarm for pieces up to this source's pipeline depth and sends their GETs. */
    private void fillPipeline() throws IOException {
        int room = swarm.depthFor(source) - getsInFlight;
        if (room <= 0) {
            return;
        }
        List<Integer> pieces = swarm.assign(source, room);
        for (int piece : pieces) {
            WireCodec.write(new Get(swarm.name(), swarm.sha256(), manifest.offset(piece), manifest.length(piece)), out, version);
            pending.add(new PieceGet(piece));
            getsInFlight++;
        }
    }

    private void pollHaveIfDue() throws IOException {
        if (haveInFlight || swarm.holdsAll(source) || System.nanoTime() < nextHaveAt) {
            return;
        }
        ask(new HavePoll(swarm.serialOf(source)));
    }

    private void ask(Pending request) throws IOException {
        switch (request) {
            case BitfieldAsk b -> WireCodec.write(new BitfieldRequest(swarm.name(), swarm.sha256()), out, version);
            case HavePoll h -> {
                WireCodec.write(new HaveRequest(swarm.name(), swarm.sha256(), h.serial()), out, version);
                haveInFlight = true;
            }
            case PieceGet g -> throw new IllegalArgumentException("GETs are sent by fillPipeline");
        }
        pending.add(request);
    }

    private void startAnswer() {
        long now = System.nanoTime();
        lastBytesAt = now;
        answerStartedAt = now;
    }

    private void answer(Pending request) throws IOException {
        startAnswer();
        try {
            Message message = WireCodec.read(in, version);
            switch (request) {
                case PieceGet g -> {
                    getsInFlight--;
                    pieceAnswer(g.piece(), message);
                }
                case HavePoll h -> {
                    haveInFlight = false;
                    nextHaveAt = System.nanoTime() + settings.havePollNanos();
                    haveAnswer(h, message);
                }
                case BitfieldAsk b -> bitfieldAnswer(message);
            }
        } finally {
            answerStartedAt = 0;
        }
    }

    private void pieceAnswer(int piece, Message message) throws IOException {
        switch (message) {
            case DataHeader data -> {
                if (data.offset() != manifest.offset(piece) || data.length() != manifest.length(piece)
                        || data.fileSize() != manifest.fileSize() || !data.sha256().equals(swarm.sha256())) {
                    throw new ProtocolException(ErrorCode.UNEXPECTED_MESSAGE, remote + " sent DATA for another range or file");
                }
                receive(piece, (int) data.length());
            }
            case RetryLater retry -> swarm.busy(source, piece, retry.retryAfterMillis());
            case ErrorMessage error when error.errorCode() == ErrorCode.NOT_HELD -> {
                swarm.released(source, piece);
                ask(new BitfieldAsk());
            }
            case ErrorMessage error -> refusal(error);
            default -> throw unexpected(message, "DATA");
        }
    }

    private void receive(int piece, int length) throws IOException {
        ByteBuffer buffer = takeBuffer();
        try {
            buffer.limit(length);
            lastBytesAt = System.nanoTime();
            while (buffer.hasRemaining()) {
                if (channel.read(buffer) < 0) {
                    throw new EOFException(remote + " closed the connection " + buffer.position() + " bytes into piece " + piece);
                }
                lastBytesAt = System.nanoTime();
            }
        } catch (IOException | RuntimeException e) {
            swarm.buffers().give(buffer);
            throw e;
        }
        swarm.received(source, piece, buffer.flip());
    }

    private ByteBuffer takeBuffer() throws IOException {
        try {
            while (swarm.running() && abortReason == null) {
                ByteBuffer buffer = swarm.buffers().take(200);
                if (buffer != null) {
                    return buffer;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IOException("stopped while waiting for a piece buffer");
    }

    private void haveAnswer(HavePoll request, Message message) throws IOException {
        switch (message) {
            case HaveResult have -> {
                if (have.from() != request.serial()) {
                    throw new ProtocolException(ErrorCode.UNEXPECTED_MESSAGE,
                            remote + " sent HAVE entries from " + have.from() + ", asked from " + request.serial());
                }
                swarm.have(source, have);
                if (have.from() + have.pieces().size() < have.total()) {
                    nextHaveAt = 0; // more to read: ask again at once
                }
            }
            case ErrorMessage error when error.errorCode() == ErrorCode.BAD_RANGE -> ask(new BitfieldAsk());
            case ErrorMessage error -> refusal(error);
            default -> throw unexpected(message, "HAVE_RESULT");
        }
    }

    private void bitfieldAnswer(Message message) throws IOException {
        switch (message) {
            case BitfieldResult bits -> {
                if (bits.pieceCount() != manifest.pieceCount()) {
                    throw new ProtocolException(ErrorCode.INVALID_FIELD, remote + " has a bitfield of " + bits.pieceCount()
                            + " pieces for a file of " + manifest.pieceCount());
                }
                BitSet holds = bits.pieces();
                swarm.bitfield(source, holds);
            }
            case ErrorMessage error -> refusal(error);
            default -> throw unexpected(message, "BITFIELD_RESULT");
        }
    }

    /** An ERROR answer: the source no longer serves this file (non-fatal codes), or broke the connection. */
    private void refusal(ErrorMessage error) throws IOException {
        ErrorCode code = error.errorCode();
        if (code == ErrorCode.NO_SUCH_FILE || code == ErrorCode.HASH_MISMATCH) {
            throw new SourceGoneException("no longer offers it (" + code + ": " + error.message() + ")");
        }
        throw new RemoteErrorException(error);
    }

    private ProtocolException unexpected(Message message, String expected) {
        return new ProtocolException(ErrorCode.UNEXPECTED_MESSAGE,
                remote + " answered with " + message.type() + " where " + expected + " was expected");
    }

    /** Nanoseconds the answer being read has taken so far; 0 when none is being read. */
    long answerAge(long now) {
        long started = answerStartedAt;
        return started == 0 ? 0 : now - started;
    }

    /** Nanoseconds without a byte from the source while an answer is awaited; 0 when none is. */
    long silence(long now) {
        return answerStartedAt == 0 ? 0 : now - lastBytesAt;
    }

    boolean aborted() {
        return abortReason != null;
    }

    /** Stops the session from another thread (the swarm's watchdog, or the end of the fetch). */
    void abort(String reason) {
        if (abortReason == null) {
            abortReason = reason;
        }
        closeSocket();
    }

    private void closeSocket() {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            // closing to stop; nothing else to do
        }
    }

    /** The source answered that it no longer offers the file, or cannot serve pieces at all. */
    static final class SourceGoneException extends IOException {
        SourceGoneException(String message) {
            super(message);
        }
    }
}
