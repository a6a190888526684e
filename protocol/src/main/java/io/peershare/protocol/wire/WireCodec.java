package io.peershare.protocol.wire;

import io.peershare.protocol.Sha256;
import io.peershare.protocol.SharedName;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Encoder and decoder of protocol frames, versions 1 and 2 (docs/protocol.md). All integers are big-endian.
 *
 * <pre>
 * frame = magic u16 (0x5053 "PS") | version u8 (1 or 2) | type u8 | payload_length u32 | payload
 * string = byte_length u16 | UTF-8 bytes
 * </pre>
 *
 * A frame carries the version of its connection: 1 until the handshake ends, then the negotiated one; a type
 * may only appear in frames of a version that has it. Reading checks magic, version, type and declared length
 * against {@link WireLimits#MAX_PAYLOAD_BYTES} before allocating the payload, and the payload buffer grows only
 * as its bytes arrive, so a hostile length field costs nothing. Truncated input is an {@link EOFException}; anything else malformed is a {@link ProtocolException}
 * naming the field.
 */
public final class WireCodec {

    private WireCodec() {
    }

    /** Writes one frame of protocol version 1 and flushes {@code out} (the handshake, and version-1 connections). */
    public static void write(Message message, OutputStream out) throws IOException {
        write(message, out, WireLimits.HANDSHAKE_VERSION);
    }

    /**
     * Writes one frame with version byte {@code version} and flushes {@code out}.
     *
     * @throws IllegalArgumentException when {@code version} has no such message type
     */
    public static void write(Message message, OutputStream out, int version) throws IOException {
        out.write(frame(message, version));
        out.flush();
    }

    /** The complete frame bytes of {@code message} in a version-1 frame, header included. */
    public static byte[] encode(Message message) {
        return frame(message, WireLimits.HANDSHAKE_VERSION);
    }

    /** The complete frame bytes of {@code message} with version byte {@code version}, header included. */
    public static byte[] encode(Message message, int version) {
        return frame(message, version);
    }

    private static byte[] frame(Message message, int version) {
        requireSpoken(version);
        if (message.type().since() > version) {
            throw new IllegalArgumentException(message.type() + " does not exist in protocol version " + version);
        }
        byte[] payload = encodePayload(message);
        byte[] frame = new byte[WireLimits.HEADER_BYTES + payload.length];
        frame[0] = (byte) (WireLimits.MAGIC >>> 8);
        frame[1] = (byte) WireLimits.MAGIC;
        frame[2] = (byte) version;
        frame[3] = (byte) message.type().id();
        frame[4] = (byte) (payload.length >>> 24);
        frame[5] = (byte) (payload.length >>> 16);
        frame[6] = (byte) (payload.length >>> 8);
        frame[7] = (byte) payload.length;
        System.arraycopy(payload, 0, frame, WireLimits.HEADER_BYTES, payload.length);
        return frame;
    }

    /** Reads exactly one frame of protocol version 1 (the handshake, and version-1 connections). */
    public static Message read(InputStream in) throws IOException {
        return read(in, WireLimits.HANDSHAKE_VERSION);
    }

    /**
     * Reads exactly one frame, which must carry version byte {@code version} (the version of the connection).
     * Blocks until it is complete; bound the wait with a socket timeout.
     */
    public static Message read(InputStream in, int version) throws IOException {
        requireSpoken(version);
        byte[] headerBytes = new byte[WireLimits.HEADER_BYTES];
        readFully(in, headerBytes, "frame header");
        FrameHeader header = header(headerBytes, 0, version);
        // readNBytes grows its buffer as bytes arrive: a peer that declares 1 MiB and sends 10 bytes costs 10 bytes.
        byte[] payload = in.readNBytes(header.payloadLength());
        if (payload.length < header.payloadLength()) {
            throw new EOFException("connection closed after " + payload.length + " of " + header.payloadLength()
                    + " bytes of " + header.type() + " payload");
        }
        return decodePayload(header.type(), new PayloadReader(header.type(), payload, 0, payload.length));
    }

    /**
     * Checks the 8 header bytes at {@code offset} of {@code bytes} for a connection of {@code version}: magic,
     * version, type, then the declared length against {@link WireLimits#MAX_PAYLOAD_BYTES} (steps 2 to 5 of
     * docs/protocol.md section 3.2), so a caller can decide from the header alone, before reading the payload.
     */
    public static FrameHeader header(byte[] bytes, int offset, int version) throws ProtocolException {
        requireSpoken(version);
        int magic = ((bytes[offset] & 0xFF) << 8) | (bytes[offset + 1] & 0xFF);
        if (magic != WireLimits.MAGIC) {
            throw new ProtocolException(ErrorCode.MALFORMED_FRAME,
                    String.format("bad frame magic 0x%04X, expected 0x%04X (\"PS\"): not a peershare peer?", magic, WireLimits.MAGIC));
        }
        int frameVersion = bytes[offset + 2] & 0xFF;
        if (frameVersion != version) {
            throw new ProtocolException(ErrorCode.UNSUPPORTED_VERSION, "frame version " + frameVersion
                    + " is not the version of this connection (" + version + "); this side speaks versions "
                    + WireLimits.MIN_VERSION + " to " + WireLimits.VERSION);
        }
        int typeId = bytes[offset + 3] & 0xFF;
        MessageType type = MessageType.fromId(typeId, version);
        if (type == null) {
            throw new ProtocolException(ErrorCode.UNKNOWN_TYPE,
                    String.format("unknown frame type 0x%02X in protocol version %d", typeId, version));
        }
        long length = ((bytes[offset + 4] & 0xFFL) << 24) | ((bytes[offset + 5] & 0xFFL) << 16)
                | ((bytes[offset + 6] & 0xFFL) << 8) | (bytes[offset + 7] & 0xFFL);
        if (length > WireLimits.MAX_PAYLOAD_BYTES) {
            throw new ProtocolException(ErrorCode.FRAME_TOO_LARGE,
                    "frame declares " + length + " payload bytes; the limit is " + WireLimits.MAX_PAYLOAD_BYTES);
        }
        return new FrameHeader(type, (int) length);
    }

    /**
     * Decodes one complete frame held in {@code bytes[offset, offset + length)}, header included, for a connection
     * of {@code version}; {@code length} must be exactly the frame's size (a server reading frames into a buffer of
     * its own uses this). Throws what {@link #read(InputStream, int)} throws for the same bytes, except that a frame
     * shorter than its header says is a {@link ProtocolException} (the caller claimed it complete).
     */
    public static Message decode(byte[] bytes, int offset, int length, int version) throws ProtocolException {
        if (length < WireLimits.HEADER_BYTES) {
            throw new ProtocolException(ErrorCode.MALFORMED_FRAME, "a frame of " + length + " bytes has no complete header");
        }
        FrameHeader header = header(bytes, offset, version);
        if (length != WireLimits.HEADER_BYTES + header.payloadLength()) {
            throw new ProtocolException(ErrorCode.MALFORMED_FRAME, header.type() + " frame declares "
                    + header.payloadLength() + " payload bytes but holds " + (length - WireLimits.HEADER_BYTES));
        }
        return decodePayload(header.type(),
                new PayloadReader(header.type(), bytes, offset + WireLimits.HEADER_BYTES, header.payloadLength()));
    }

    /** A connection's version is one this side negotiated; anything else is a bug of the caller, not of the peer. */
    private static void requireSpoken(int version) {
        if (version < WireLimits.MIN_VERSION || version > WireLimits.VERSION) {
            throw new IllegalArgumentException("protocol version " + version + " is not one this side speaks");
        }
    }

    private static void readFully(InputStream in, byte[] buffer, String what) throws IOException {
        int filled = 0;
        while (filled < buffer.length) {
            int n = in.read(buffer, filled, buffer.length - filled);
            if (n < 0) {
                throw new EOFException("connection closed after " + filled + " of " + buffer.length + " bytes of " + what);
            }
            filled += n;
        }
    }

    private static byte[] encodePayload(Message message) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        DataOutputStream out = new DataOutputStream(bytes);
        try {
            switch (message) {
                // min_version u8 | max_version u8 | agent string
                case Hello m -> {
                    out.writeByte(m.minVersion());
                    out.writeByte(m.maxVersion());
                    writeString(out, m.agent());
                }
                // version u8 | agent string
                case HelloAck m -> {
                    out.writeByte(m.version());
                    writeString(out, m.agent());
                }
                // nonce u64
                case Ping m -> out.writeLong(m.nonce());
                // nonce u64
                case Pong m -> out.writeLong(m.nonce());
                // start u32
                case ListFiles m -> out.writeInt((int) m.start());
                // total u32 | start u32 | count u16 | count x (name string | size u64 | sha256 32 bytes)
                case ListResult m -> {
                    out.writeInt((int) m.total());
                    out.writeInt((int) m.start());
                    out.writeShort(m.files().size());
                    for (FileInfo file : m.files()) {
                        writeString(out, file.name());
                        out.writeLong(file.size());
                        out.write(file.sha256().bytes());
                    }
                }
                // name string | sha256 32 bytes | offset u64 | length u64 (all ones = to end)
                case Get m -> {
                    writeString(out, m.name());
                    out.write(m.sha256().bytes());
                    out.writeLong(m.offset());
                    out.writeLong(m.length());
                }
                // offset u64 | length u64 | file_size u64 | sha256 32 bytes; then length raw bytes outside the frame
                case DataHeader m -> {
                    out.writeLong(m.offset());
                    out.writeLong(m.length());
                    out.writeLong(m.fileSize());
                    out.write(m.sha256().bytes());
                }
                // name string | sha256 32 bytes | start u32
                case ManifestRequest m -> {
                    writeString(out, m.name());
                    out.write(m.sha256().bytes());
                    out.writeInt((int) m.start());
                }
                // file_size u64 | piece_size u32 | piece_count u32 | start u32 | count u16 | count x sha256 32 bytes
                case ManifestPage m -> {
                    out.writeLong(m.fileSize());
                    out.writeInt((int) m.pieceSize());
                    out.writeInt((int) m.pieceCount());
                    out.writeInt((int) m.start());
                    out.writeShort(m.hashes().size());
                    for (Sha256 hash : m.hashes()) {
                        out.write(hash.bytes());
                    }
                }
                // name string | sha256 32 bytes
                case BitfieldRequest m -> {
                    writeString(out, m.name());
                    out.write(m.sha256().bytes());
                }
                // piece_count u32 | ceil(piece_count / 8) bytes, piece 0 = high bit of the first byte, spare bits 0
                case BitfieldResult m -> {
                    out.writeInt((int) m.pieceCount());
                    out.write(bitfieldBytes(m.pieces(), m.pieceCount()));
                }
                // name string | sha256 32 bytes | serial u32
                case HaveRequest m -> {
                    writeString(out, m.name());
                    out.write(m.sha256().bytes());
                    out.writeInt((int) m.serial());
                }
                // from u32 | total u32 | count u16 | count x piece u32
                case HaveResult m -> {
                    out.writeInt((int) m.from());
                    out.writeInt((int) m.total());
                    out.writeShort(m.pieces().size());
                    for (int piece : m.pieces()) {
                        out.writeInt(piece);
                    }
                }
                // retry_after_ms u32 | message string
                case RetryLater m -> {
                    out.writeInt((int) m.retryAfterMillis());
                    writeString(out, m.message());
                }
                // code u16 | message string
                case ErrorMessage m -> {
                    out.writeShort(m.code());
                    writeString(out, m.message());
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        if (bytes.size() > WireLimits.MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException(message.type() + " payload of " + bytes.size() + " bytes exceeds the frame limit");
        }
        return bytes.toByteArray();
    }

    private static byte[] bitfieldBytes(BitSet pieces, long pieceCount) {
        byte[] bits = new byte[BitfieldResult.byteLength(pieceCount)];
        for (int i = pieces.nextSetBit(0); i >= 0; i = pieces.nextSetBit(i + 1)) {
            bits[i >>> 3] |= (byte) (0x80 >>> (i & 7));
        }
        return bits;
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeShort(utf8.length);
        out.write(utf8);
    }

    private static Message decodePayload(MessageType type, PayloadReader in) throws ProtocolException {
        Message message = switch (type) {
            case HELLO -> in.construct(() -> new Hello(in.u8("min_version"), in.u8("max_version"),
                    in.string("agent", WireLimits.MAX_AGENT_BYTES)));
            case HELLO_ACK -> in.construct(() -> new HelloAck(in.u8("version"), in.string("agent", WireLimits.MAX_AGENT_BYTES)));
            case PING -> new Ping(in.u64("nonce"));
            case PONG -> new Pong(in.u64("nonce"));
            case LIST -> new ListFiles(in.u32("start"));
            case LIST_RESULT -> decodeListResult(in);
            case GET -> decodeGet(in);
            case DATA -> in.construct(() -> new DataHeader(in.u64("offset"), in.u64("length"), in.u64("file_size"),
                    new Sha256(in.bytes("sha256", Sha256.LENGTH))));
            case MANIFEST -> decodeManifestRequest(in);
            case MANIFEST_RESULT -> decodeManifestPage(in);
            case BITFIELD -> decodeBitfieldRequest(in);
            case BITFIELD_RESULT -> decodeBitfieldResult(in);
            case HAVE -> decodeHaveRequest(in);
            case HAVE_RESULT -> decodeHaveResult(in);
            case RETRY_LATER -> in.construct(() -> new RetryLater(in.u32("retry_after_ms"),
                    in.string("message", WireLimits.MAX_ERROR_MESSAGE_BYTES)));
            case ERROR -> in.construct(() -> new ErrorMessage(in.u16("code"),
                    in.string("message", WireLimits.MAX_ERROR_MESSAGE_BYTES)));
        };
        in.requireEnd();
        return message;
    }

    private static ListResult decodeListResult(PayloadReader in) throws ProtocolException {
        long total = in.u32("total");
        long start = in.u32("start");
        int count = in.u16("count");
        if (count > WireLimits.MAX_LIST_ENTRIES) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD,
                    "LIST_RESULT count " + count + " exceeds the limit of " + WireLimits.MAX_LIST_ENTRIES);
        }
        // count is bounded and each entry needs at least 42 bytes, so a lying count fails on truncation, not memory.
        List<FileInfo> files = new ArrayList<>(Math.min(count, in.remaining() / 42 + 1));
        for (int i = 0; i < count; i++) {
            String name = in.name("name");
            long size = in.u64("size");
            byte[] sha = in.bytes("sha256", Sha256.LENGTH);
            files.add(in.construct(() -> new FileInfo(name, size, new Sha256(sha))));
        }
        return in.construct(() -> new ListResult(total, start, files));
    }

    private static Get decodeGet(PayloadReader in) throws ProtocolException {
        String name = in.name("name");
        byte[] sha = in.bytes("sha256", Sha256.LENGTH);
        long offset = in.u64("offset");
        long length = in.u64("length");
        return in.construct(() -> new Get(name, new Sha256(sha), offset, length));
    }

    private static ManifestRequest decodeManifestRequest(PayloadReader in) throws ProtocolException {
        String name = in.name("name");
        byte[] sha = in.bytes("sha256", Sha256.LENGTH);
        long start = in.u32("start");
        return in.construct(() -> new ManifestRequest(name, new Sha256(sha), start));
    }

    private static ManifestPage decodeManifestPage(PayloadReader in) throws ProtocolException {
        long fileSize = in.u64("file_size");
        long pieceSize = in.u32("piece_size");
        long pieceCount = in.u32("piece_count");
        long start = in.u32("start");
        int count = in.u16("count");
        if (count > WireLimits.MAX_MANIFEST_ENTRIES) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD,
                    "MANIFEST_RESULT count " + count + " exceeds the limit of " + WireLimits.MAX_MANIFEST_ENTRIES);
        }
        in.need("hashes", count * Sha256.LENGTH);
        List<Sha256> hashes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            hashes.add(new Sha256(in.bytes("hash", Sha256.LENGTH)));
        }
        return in.construct(() -> new ManifestPage(fileSize, pieceSize, pieceCount, start, hashes));
    }

    private static BitfieldRequest decodeBitfieldRequest(PayloadReader in) throws ProtocolException {
        String name = in.name("name");
        byte[] sha = in.bytes("sha256", Sha256.LENGTH);
        return in.construct(() -> new BitfieldRequest(name, new Sha256(sha)));
    }

    private static BitfieldResult decodeBitfieldResult(PayloadReader in) throws ProtocolException {
        long pieceCount = in.u32("piece_count");
        if (pieceCount > WireLimits.MAX_PIECES) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD,
                    "BITFIELD_RESULT piece_count " + pieceCount + " exceeds the limit of " + WireLimits.MAX_PIECES);
        }
        byte[] bits = in.bytes("bits", BitfieldResult.byteLength(pieceCount));
        BitSet pieces = new BitSet((int) pieceCount);
        for (int i = 0; i < bits.length * 8; i++) {
            if ((bits[i >>> 3] & (0x80 >>> (i & 7))) != 0) {
                if (i >= pieceCount) {
                    throw new ProtocolException(ErrorCode.INVALID_FIELD,
                            "BITFIELD_RESULT sets spare bit " + i + " of a file of " + pieceCount + " pieces");
                }
                pieces.set(i);
            }
        }
        return in.construct(() -> new BitfieldResult(pieceCount, pieces));
    }

    private static HaveRequest decodeHaveRequest(PayloadReader in) throws ProtocolException {
        String name = in.name("name");
        byte[] sha = in.bytes("sha256", Sha256.LENGTH);
        long serial = in.u32("serial");
        return in.construct(() -> new HaveRequest(name, new Sha256(sha), serial));
    }

    private static HaveResult decodeHaveResult(PayloadReader in) throws ProtocolException {
        long from = in.u32("from");
        long total = in.u32("total");
        int count = in.u16("count");
        if (count > WireLimits.MAX_HAVE_ENTRIES) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD,
                    "HAVE_RESULT count " + count + " exceeds the limit of " + WireLimits.MAX_HAVE_ENTRIES);
        }
        in.need("pieces", count * 4);
        List<Integer> pieces = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            pieces.add((int) in.u32("piece"));
        }
        return in.construct(() -> new HaveResult(from, total, pieces));
    }

    /** Bounds-checked reads over one frame's payload; every failure names the message and field. */
    private static final class PayloadReader {
        private final MessageType type;
        private final byte[] payload;
        private final int end;
        private int position;

        PayloadReader(MessageType type, byte[] payload, int offset, int length) {
            this.type = type;
            this.payload = payload;
            this.position = offset;
            this.end = offset + length;
        }

        int remaining() {
            return end - position;
        }

        void need(String field, int bytes) throws ProtocolException {
            if (remaining() < bytes) {
                throw new ProtocolException(ErrorCode.MALFORMED_FRAME, type + " payload truncated: field " + field
                        + " needs " + bytes + " bytes, " + remaining() + " left");
            }
        }

        int u8(String field) throws ProtocolException {
            need(field, 1);
            return payload[position++] & 0xFF;
        }

        int u16(String field) throws ProtocolException {
            need(field, 2);
            int value = ((payload[position] & 0xFF) << 8) | (payload[position + 1] & 0xFF);
            position += 2;
            return value;
        }

        long u32(String field) throws ProtocolException {
            need(field, 4);
            long value = 0;
            for (int i = 0; i < 4; i++) {
                value = (value << 8) | (payload[position++] & 0xFFL);
            }
            return value;
        }

        long u64(String field) throws ProtocolException {
            need(field, 8);
            long value = 0;
            for (int i = 0; i < 8; i++) {
                value = (value << 8) | (payload[position++] & 0xFFL);
            }
            return value;
        }

        byte[] bytes(String field, int count) throws ProtocolException {
            need(field, count);
            byte[] out = new byte[count];
            System.arraycopy(payload, position, out, 0, count);
            position += count;
            return out;
        }

        String string(String field, int maxBytes) throws ProtocolException {
            int length = u16(field + " length");
            if (length > maxBytes) {
                throw new ProtocolException(ErrorCode.INVALID_FIELD,
                        type + " field " + field + " is " + length + " bytes; the limit is " + maxBytes);
            }
            byte[] utf8 = bytes(field, length);
            try {
                return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(utf8)).toString();
            } catch (java.nio.charset.CharacterCodingException e) {
                throw new ProtocolException(ErrorCode.MALFORMED_FRAME, type + " field " + field + " is not valid UTF-8");
            }
        }

        /** A shared name: a string that must also pass {@link SharedName}. */
        String name(String field) throws ProtocolException {
            String name = string(field, SharedName.MAX_BYTES);
            String problem = SharedName.problem(name);
            if (problem != null) {
                throw new ProtocolException(ErrorCode.INVALID_FIELD, type + " field " + field + ": " + problem);
            }
            return name;
        }

        void requireEnd() throws ProtocolException {
            if (remaining() != 0) {
                throw new ProtocolException(ErrorCode.MALFORMED_FRAME,
                        type + " payload has " + remaining() + " unexpected trailing bytes");
            }
        }

        /** Runs a record constructor, turning its validation failure into a ProtocolException. */
        <T> T construct(Construction<T> construction) throws ProtocolException {
            try {
                return construction.build();
            } catch (IllegalArgumentException e) {
                throw new ProtocolException(ErrorCode.INVALID_FIELD, type + ": " + e.getMessage());
            }
        }
    }

    @FunctionalInterface
    private interface Construction<T> {
        T build() throws ProtocolException;
    }
}
