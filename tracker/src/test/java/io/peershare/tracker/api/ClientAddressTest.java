package io.peershare.tracker.api;

import io.peershare.tracker.MutableClock;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientAddressTest {

    private final MutableClock clock = new MutableClock();
    private final AtomicReference<String> balancerAt = new AtomicReference<>("172.18.0.9");
    private final AtomicInteger lookups = new AtomicInteger();
    private final ClientAddress.Lookup dns = name -> {
        lookups.incrementAndGet();
        if (!name.equals("tracker")) {
            throw new UnknownHostException(name);
        }
        return new InetAddress[] {InetAddress.getByName(balancerAt.get())};
    };

    @Test
    void withoutTrustedProxiesTheTcpPeerIsTheClientWhateverTheHeaderSays() {
        ClientAddress clients = new ClientAddress(List.of(), clock, dns);

        assertThat(clients.of("172.18.0.9", "10.0.0.7")).isEqualTo(address("172.18.0.9"));
        assertThat(lookups).hasValue(0);
    }

    @Test
    void theBalancersForwardedAddressIsTheClientAndTheLastOneCounts() {
        ClientAddress clients = new ClientAddress(List.of("tracker"), clock, dns);

        assertThat(clients.of("172.18.0.9", "10.0.0.7")).isEqualTo(address("10.0.0.7"));
        assertThat(clients.of("172.18.0.9", "6.6.6.6, 10.0.0.8")).isEqualTo(address("10.0.0.8"));
        assertThat(clients.of("172.18.0.9", null)).as("no header").isEqualTo(address("172.18.0.9"));
        assertThat(lookups).as("resolved once, at start").hasValue(1);
    }

    @Test
    void anyoneElsesHeaderIsIgnored() {
        ClientAddress clients = new ClientAddress(List.of("tracker"), clock, dns);

        assertThat(clients.of("172.18.0.4", "10.0.0.7")).isEqualTo(address("172.18.0.4"));
    }

    @Test
    void aHeaderThatIsNotAnAddressIsNeverLookedUp() {
        ClientAddress clients = new ClientAddress(List.of("tracker"), clock, dns);

        assertThat(clients.of("172.18.0.9", "evil.example")).isEqualTo(address("172.18.0.9"));
        assertThat(clients.of("172.18.0.9", "999.1.1.1")).isEqualTo(address("172.18.0.9"));
        assertThat(clients.of("172.18.0.9", "[fd00::7]")).isEqualTo(address("fd00::7"));
        assertThat(lookups).hasValue(1);
    }

    @Test
    void aRestartedBalancerAtANewAddressIsFoundAgainWithAtMostOneLookupPerSecond() {
        ClientAddress clients = new ClientAddress(List.of("tracker"), clock, dns);
        balancerAt.set("172.18.0.10");

        clock.advance(Duration.ofMillis(1500));
        assertThat(clients.of("172.18.0.10", "10.0.0.7")).isEqualTo(address("10.0.0.7"));
        assertThat(lookups).hasValue(2);

        for (int i = 0; i < 100; i++) {
            assertThat(clients.of("172.18.0.66", "10.0.0.7")).isEqualTo(address("172.18.0.66"));
        }
        assertThat(lookups).as("a flood from unknown senders").hasValue(2);
    }

    @Test
    void aBalancerNotResolvableAtStartIsTrustedOnceItResolves() {
        balancerAt.set("not resolvable yet");
        ClientAddress clients = new ClientAddress(List.of("tracker"), clock, name -> {
            lookups.incrementAndGet();
            if (balancerAt.get().startsWith("not")) {
                throw new UnknownHostException(name);
            }
            return new InetAddress[] {InetAddress.getByName(balancerAt.get())};
        });
        assertThat(clients.of("172.18.0.9", "10.0.0.7")).isEqualTo(address("172.18.0.9"));

        balancerAt.set("172.18.0.9");
        clock.advance(ClientAddress.REFRESH);
        assertThat(clients.of("172.18.0.9", "10.0.0.7")).isEqualTo(address("10.0.0.7"));
    }

    @Test
    void onlyNumericAddressesAreParsed() {
        assertThat(ClientAddress.literal("127.0.0.1")).isEqualTo(address("127.0.0.1"));
        assertThatThrownBy(() -> ClientAddress.literal("localhost")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClientAddress.literal("")).isInstanceOf(IllegalArgumentException.class);
    }

    private static InetAddress address(String literal) {
        return ClientAddress.literal(literal);
    }
}
