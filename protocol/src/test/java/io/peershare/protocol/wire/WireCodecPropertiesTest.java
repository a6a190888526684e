package io.peershare.protocol.wire;

import io.peershare.protocol.Sha256;
import io.peershare.protocol.SharedName;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties over generated input: whatever arrives, the decoder answers with a message or one of its two
 * exceptions, fast, and never allocates more than the frame cap.
 */
class WireCodecPropertiesTest {

    private static final long DECODE_DEADLINE_NANOS = 1_000_000_000L;

    /** Decodes one frame on a connection of {@code version}, failing the property on anything but a message or the two allowed exceptions. */
    private static Object decodeOutcome(byte[] bytes, int version) {
        long started = System.nanoTime();
        Object outcome;
        try {
            outcome = WireCodec.read(new ByteArrayInputStream(bytes), version);
        } catch (ProtocolException | EOFException e) {
            outcome = e;
        } catch (IOException | RuntimeException e) {
            throw new AssertionError("decoding " + bytes.length + " bytes threw " + e, e);
        }
        assertThat(System.nanoTime() - started).as("decode time in ns").isLessThan(DECODE_DEADLINE_NANOS);
        return outcome;
    }

    @Property(tries = 2000)
    void anyByteStringDecodesToAMessageOrAProtocolError(@ForAll @Size(max = 400) byte[] bytes, @ForAll("versions") int version) {
        Object outcome = decodeOutcome(bytes, version);

        assertThat(outcome).isInstanceOfAny(Message.class, ProtocolException.class, EOFException.class);
    }

    @Property(tries = 3000)
    void anyPayloadBehindAValidHeaderDecodesToAMessageOrAProtocolError(
            @ForAll("versions") int version, @ForAll("typeIds") int typeId, @ForAll @Size(max = 400) byte[] payload) {
        Object outcome = decodeOutcome(Frames.frame(version, typeId, payload), version);

        // the header is right and complete, so the payload is either a message or malformed, never "truncated"
        assertThat(outcome).isInstanceOfAny(Message.class, ProtocolException.class);
        if (outcome instanceof Message decoded) {
            assertThat(decoded.type().since()).isLessThanOrEqualTo(version);
        }
    }

    @Property(tries = 3000)
    void anyCorruptionOfAValidFrameDecodesToAMessageOrAProtocolError(
            @ForAll("framed") Framed framed, @ForAll("corruptions") List<Integer> corruptions) {
        byte[] frame = WireCodec.encode(framed.message(), framed.version());
        for (int i = 0; i + 1 < corruptions.size(); i += 2) {
            frame[Math.floorMod(corruptions.get(i), frame.length)] = corruptions.get(i + 1).byteValue();
        }

        Object outcome = decodeOutcome(frame, framed.version());

        assertThat(outcome).isInstanceOfAny(Message.class, ProtocolException.class, EOFException.class);
        if (outcome instanceof Message decoded) {
            // whatever the corruption produced, it is a message that re-encodes to exactly these bytes
            assertThat(WireCodec.encode(decoded, framed.version())).isEqualTo(frame);
        }
    }

    @Property(tries = 3000)
    void anyValidMessageRoundTrips(@ForAll("framed") Framed framed) throws IOException {
        byte[] frame = WireCodec.encode(framed.message(), framed.version());

        assertThat(WireCodec.read(new ByteArrayInputStream(frame), framed.version())).isEqualTo(framed.message());
    }

    @Property(tries = 2000)
    void anyDeclaredLengthCostsAtMostTheCap(@ForAll("versions") int version, @ForAll("typeIds") int typeId,
                                            @ForAll("declaredLengths") long declared, @ForAll @Size(max = 64) byte[] payload) {
        byte[] frame = Frames.frame(0x5053, version, typeId, declared, payload);

        long before = Allocation.currentThreadBytes();
        decodeOutcome(frame, version);
        long allocated = Allocation.currentThreadBytes() - before;

        // the payload buffer is at most the cap; the rest is exceptions and small objects
        assertThat(allocated).isLessThan(WireLimits.MAX_PAYLOAD_BYTES + 256 * 1024);
        if (declared > WireLimits.MAX_PAYLOAD_BYTES) {
            assertThat(allocated).isLessThan(256 * 1024);
        }
    }

    /** A message and the version of the frame that carries it (at least the version that has its type). */
    record Framed(Message message, int version) {
    }

    // --- generators ---

    @Provide
    Arbitrary<Integer> versions() {
        return Arbitraries.integers().between(WireLimits.MIN_VERSION, WireLimits.VERSION);
    }

    @Provide
    Arbitrary<Framed> framed() {
        return Combinators.combine(Arbitraries.oneOf(messages(), versionTwoMessages()), versions())
                .as((message, version) -> new Framed(message, Math.max(version, message.type().since())));
    }

    @Provide
    Arbitrary<Integer> typeIds() {
        return Arbitraries.oneOf(
                Arbitraries.of(MessageType.values()).map(MessageType::id),
                Arbitraries.integers().between(0, 255));
    }

    @Provide
    Arbitrary<Long> declaredLengths() {
        int cap = WireLimits.MAX_PAYLOAD_BYTES;
        return Arbitraries.oneOf(
                Arbitraries.longs().between(0, 64),
                Arbitraries.longs().between(cap - 8, cap + 8L),
                Arbitraries.longs().between(0, 0xFFFF_FFFFL));
    }

    @Provide
    Arbitrary<List<Integer>> corruptions() {
        return Arbitraries.integers().list().ofMinSize(2).ofMaxSize(8);
    }

    @Provide
    Arbitrary<Message> messages() {
        Arbitrary<Long> u32 = Arbitraries.longs().between(0, 0xFFFF_FFFFL);
        Arbitrary<Long> size = Arbitraries.oneOf(Arbitraries.longs().between(0, 1 << 20), Arbitraries.longs().greaterOrEqual(0));
        Arbitrary<String> agent = Arbitraries.strings().ofMaxLength(60);
        return Arbitraries.oneOf(
                Combinators.combine(Arbitraries.integers().between(1, 255), Arbitraries.integers().between(0, 254), agent)
                        .as((min, extra, a) -> new Hello(min, Math.min(255, min + extra), a)),
                Combinators.combine(Arbitraries.integers().between(1, 255), agent).as(HelloAck::new),
                Arbitraries.longs().map(Ping::new),
                Arbitraries.longs().map(Pong::new),
                u32.map(ListFiles::new),
                listResults(),
                Combinators.combine(names(), digests(), size, Arbitraries.oneOf(size, Arbitraries.just(Get.TO_END)))
                        .as(Get::new),
                Combinators.combine(size, size, size, digests()).as((a, b, c, digest) -> {
                    long fileSize = Math.max(a, Math.max(b, c));
                    long offset = Math.min(a, b);
                    return new DataHeader(offset, Math.min(c, fileSize - offset), fileSize, digest);
                }),
                Combinators.combine(Arbitraries.integers().between(0, 0xFFFF), Arbitraries.strings().ofMaxLength(300))
                        .as((code, text) -> new ErrorMessage(code, Fields.truncate(text, WireLimits.MAX_ERROR_MESSAGE_BYTES))));
    }

    /** The types of version 2, mostly small, sometimes at the far end of their ranges. */
    private Arbitrary<Message> versionTwoMessages() {
        Arbitrary<Long> u32 = Arbitraries.longs().between(0, 0xFFFF_FFFFL);
        return Arbitraries.oneOf(
                Combinators.combine(names(), digests(), u32).as(ManifestRequest::new),
                manifestPages(),
                Combinators.combine(names(), digests()).as(BitfieldRequest::new),
                bitfieldResults(),
                Combinators.combine(names(), digests(), u32).as(HaveRequest::new),
                haveResults(),
                Combinators.combine(Arbitraries.longs().between(0, WireLimits.MAX_RETRY_AFTER_MILLIS), Arbitraries.strings().ofMaxLength(300))
                        .as((millis, text) -> new RetryLater(millis, Fields.truncate(text, WireLimits.MAX_ERROR_MESSAGE_BYTES))));
    }

    private Arbitrary<ManifestPage> manifestPages() {
        int piece = WireLimits.PIECE_SIZE;
        Arbitrary<Integer> pieceCount = Arbitraries.oneOf(
                Arbitraries.integers().between(0, 40),
                Arbitraries.integers().between(WireLimits.MAX_PIECES - 40, WireLimits.MAX_PIECES));
        return Combinators.combine(pieceCount, Arbitraries.integers().between(1, piece), Arbitraries.integers().between(0, 40),
                        digests().list().ofMaxSize(4))
                .as((count, lastPiece, startSeed, hashes) -> {
                    long fileSize = count == 0 ? 0 : (long) (count - 1) * piece + lastPiece;
                    int start = count == 0 ? 0 : Math.max(0, count - startSeed);
                    List<Sha256> page = hashes.subList(0, Math.min(hashes.size(), count - start));
                    return new ManifestPage(fileSize, piece, count, start, page);
                });
    }

    private Arbitrary<BitfieldResult> bitfieldResults() {
        return Combinators.combine(Arbitraries.integers().between(0, 300), Arbitraries.integers().between(0, 299).set().ofMaxSize(20))
                .as((count, held) -> {
                    java.util.BitSet pieces = new java.util.BitSet();
                    held.stream().filter(piece -> piece < count).forEach(pieces::set);
                    return new BitfieldResult(count, pieces);
                });
    }

    private Arbitrary<HaveResult> haveResults() {
        Arbitrary<Integer> piece = Arbitraries.integers().between(0, WireLimits.MAX_PIECES - 1);
        return Combinators.combine(Arbitraries.longs().between(0, 1000), piece.list().ofMaxSize(6), Arbitraries.longs().between(0, 1000))
                .as((from, pieces, extra) -> new HaveResult(from, from + pieces.size() + extra, pieces));
    }

    private Arbitrary<ListResult> listResults() {
        Arbitrary<FileInfo> file = Combinators.combine(names(), Arbitraries.longs().greaterOrEqual(0), digests()).as(FileInfo::new);
        return Combinators.combine(file.list().ofMaxSize(5), Arbitraries.longs().between(0, 1000), Arbitraries.longs().between(0, 1000))
                .as((files, start, extra) -> new ListResult(start + files.size() + extra, start, files));
    }

    private Arbitrary<Sha256> digests() {
        return Arbitraries.bytes().array(byte[].class).ofSize(Sha256.LENGTH).map(Sha256::new);
    }

    /** Valid shared names from ASCII, Latin, CJK and astral code points; invalid candidates are filtered out. */
    private Arbitrary<String> names() {
        Arbitrary<Integer> codePoint = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.integers().between(0x20, 0x7E)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0xA0, 0x17F)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0x4E00, 0x4E80)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0x1F600, 0x1F64F)));
        return codePoint.list().ofMinSize(1).ofMaxSize(60)
                .map(cps -> cps.stream().collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString())
                .filter(SharedName::isValid);
    }
}
