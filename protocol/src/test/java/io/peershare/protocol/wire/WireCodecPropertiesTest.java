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

    /** Decodes and returns the outcome, failing the property on anything but a message or the two allowed exceptions. */
    private static Object decodeOutcome(byte[] bytes) {
        long started = System.nanoTime();
        Object outcome;
        try {
            outcome = WireCodec.read(new ByteArrayInputStream(bytes));
        } catch (ProtocolException | EOFException e) {
            outcome = e;
        } catch (IOException | RuntimeException e) {
            throw new AssertionError("decoding " + bytes.length + " bytes threw " + e, e);
        }
        assertThat(System.nanoTime() - started).as("decode time in ns").isLessThan(DECODE_DEADLINE_NANOS);
        return outcome;
    }

    @Property(tries = 2000)
    void anyByteStringDecodesToAMessageOrAProtocolError(@ForAll @Size(max = 400) byte[] bytes) {
        Object outcome = decodeOutcome(bytes);

        assertThat(outcome).isInstanceOfAny(Message.class, ProtocolException.class, EOFException.class);
    }

    @Property(tries = 2000)
    void anyPayloadBehindAValidHeaderDecodesToAMessageOrAProtocolError(
            @ForAll("typeIds") int typeId, @ForAll @Size(max = 400) byte[] payload) {
        Object outcome = decodeOutcome(Frames.frame(typeId, payload));

        // the header is right and complete, so the payload is either a message or malformed, never "truncated"
        assertThat(outcome).isInstanceOfAny(Message.class, ProtocolException.class);
    }

    @Property(tries = 2000)
    void anyCorruptionOfAValidFrameDecodesToAMessageOrAProtocolError(
            @ForAll("messages") Message message, @ForAll("corruptions") List<Integer> corruptions) {
        byte[] frame = WireCodec.encode(message);
        for (int i = 0; i + 1 < corruptions.size(); i += 2) {
            frame[Math.floorMod(corruptions.get(i), frame.length)] = corruptions.get(i + 1).byteValue();
        }

        Object outcome = decodeOutcome(frame);

        assertThat(outcome).isInstanceOfAny(Message.class, ProtocolException.class, EOFException.class);
        if (outcome instanceof Message decoded) {
            // whatever the corruption produced, it is a message that re-encodes to exactly these bytes
            assertThat(WireCodec.encode(decoded)).isEqualTo(frame);
        }
    }

    @Property(tries = 2000)
    void anyValidMessageRoundTrips(@ForAll("messages") Message message) throws IOException {
        assertThat(WireCodec.read(new ByteArrayInputStream(WireCodec.encode(message)))).isEqualTo(message);
    }

    @Property(tries = 2000)
    void anyDeclaredLengthCostsAtMostTheCap(
            @ForAll("typeIds") int typeId, @ForAll("declaredLengths") long declared, @ForAll @Size(max = 64) byte[] payload) {
        byte[] frame = Frames.frame(0x5053, 1, typeId, declared, payload);

        long before = Allocation.currentThreadBytes();
        decodeOutcome(frame);
        long allocated = Allocation.currentThreadBytes() - before;

        // the payload buffer is at most the cap; the rest is exceptions and small objects
        assertThat(allocated).isLessThan(WireLimits.MAX_PAYLOAD_BYTES + 256 * 1024);
        if (declared > WireLimits.MAX_PAYLOAD_BYTES) {
            assertThat(allocated).isLessThan(256 * 1024);
        }
    }

    // --- generators ---

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
