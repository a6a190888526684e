package io.peershare.protocol.wire;

import io.peershare.protocol.SharedName;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** The largest request payload a server must accept is exactly that of the largest request the encoder can make. */
class RequestLimitTest {

    private static final String LONGEST_NAME = "n".repeat(SharedName.MAX_BYTES);

    @Test
    void shouldBeThePayloadOfAGetOfTheLongestName() {
        int get = WireCodec.encode(new Get(LONGEST_NAME, Frames.sha(1), 1, 2), 2).length - WireLimits.HEADER_BYTES;
        assertThat(get).isEqualTo(WireLimits.MAX_REQUEST_PAYLOAD_BYTES);
    }

    @Test
    void shouldCoverEveryOtherRequest() {
        var requests = new Message[] {
                new Hello(1, 2, "a".repeat(WireLimits.MAX_AGENT_BYTES)),
                new Ping(1),
                new ListFiles(0xFFFF_FFFFL),
                new ManifestRequest(LONGEST_NAME, Frames.sha(1), 0xFFFF_FFFFL),
                new BitfieldRequest(LONGEST_NAME, Frames.sha(1)),
                new HaveRequest(LONGEST_NAME, Frames.sha(1), 0xFFFF_FFFFL)};
        for (Message request : requests) {
            assertThat(request.type().isRequest()).isTrue();
            assertThat(WireCodec.encode(request, 2).length - WireLimits.HEADER_BYTES).as("%s", request.type())
                    .isLessThanOrEqualTo(WireLimits.MAX_REQUEST_PAYLOAD_BYTES);
        }
    }

    @Test
    void shouldCountOnlyHelloAndRequestsAsRequests() {
        assertThat(Arrays.stream(MessageType.values()).filter(MessageType::isRequest))
                .containsExactlyInAnyOrder(MessageType.HELLO, MessageType.PING, MessageType.LIST, MessageType.GET,
                        MessageType.MANIFEST, MessageType.BITFIELD, MessageType.HAVE);
    }
}
