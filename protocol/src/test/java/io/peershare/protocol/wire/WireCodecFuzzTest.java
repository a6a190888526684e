package io.peershare.protocol.wire;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzing of the decoder (docs/fuzzing.md): any bytes, read as a stream of frames of each version, end in a
 * message, a {@link ProtocolException} or an {@link EOFException}, nothing else; every decoded frame re-encodes to
 * exactly its own bytes (one encoding per message, so two peers cannot read one frame two ways), and
 * {@link WireCodec#decode} agrees with {@link WireCodec#read}; no read allocates more than a small multiple of
 * the bytes it consumed. In an ordinary build the seeds under src/test/resources/.../WireCodecFuzzTestInputs run
 * as regression tests; with JAZZER_FUZZ=1 Jazzer mutates them.
 */
class WireCodecFuzzTest {

    /** Allocation allowed per read: fixed overhead (buffers, exception messages) plus a multiple of the input. */
    private static final long FIXED_ALLOCATION = 64 * 1024;
    private static final long ALLOCATION_PER_BYTE = 16;

    @FuzzTest(maxDuration = "5m")
    void readAnyBytes(byte[] input) throws Exception {
        for (int version = WireLimits.MIN_VERSION; version <= WireLimits.VERSION; version++) {
            readAll(input, version, false);
            // again, warm: the first pass also counts class loading and instrumentation, which are not the codec's
            readAll(input, version, true);
        }
    }

    private static void readAll(byte[] input, int version, boolean measure) throws Exception {
        ByteArrayInputStream in = new ByteArrayInputStream(input);
        while (true) {
            int start = input.length - in.available();
            long before = Allocation.currentThreadBytes();
            Message message;
            try {
                message = WireCodec.read(in, version);
            } catch (ProtocolException | EOFException e) {
                assertBounded(measure, before, input.length - start);
                return; // after a malformed frame nobody knows where the next one starts
            }
            int consumed = input.length - in.available() - start;
            assertBounded(measure, before, consumed);
            byte[] frame = Arrays.copyOfRange(input, start, start + consumed);
            assertThat(WireCodec.encode(message, version)).as("re-encoding of a decoded %s", message.type()).isEqualTo(frame);
            Message again = WireCodec.decode(frame, 0, frame.length, version);
            assertThat(WireCodec.encode(again, version)).isEqualTo(frame);
        }
    }

    private static void assertBounded(boolean measure, long before, int bytes) {
        if (!measure) {
            return;
        }
        long allocated = Allocation.currentThreadBytes() - before;
        assertThat(allocated).as("bytes allocated reading %d input bytes", bytes)
                .isLessThanOrEqualTo(FIXED_ALLOCATION + ALLOCATION_PER_BYTE * bytes);
    }
}
