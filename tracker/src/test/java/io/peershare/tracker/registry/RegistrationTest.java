package io.peershare.tracker.registry;

import io.peershare.protocol.api.RegisterRequest;
import io.peershare.protocol.api.TestPeerKey;
import io.peershare.tracker.MutableClock;
import io.peershare.tracker.registry.RegistryException.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The identity rule end to end without Quarkus: key, address, registry, identity book on disk, restarts. */
class RegistrationTest {

    static final Duration TTL = Duration.ofSeconds(15);
    static final Duration RETENTION = Duration.ofDays(30);
    static final InetAddress LOCAL = InetAddress.getLoopbackAddress();

    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock();
    final AtomicInteger probes = new AtomicInteger();
    final TestPeerKey owner = TestPeerKey.generate();
    final TestPeerKey intruder = TestPeerKey.generate();
    long stamp;

    /** A tracker process: a fresh registry and an identity book loaded from the one file. */
    Registration tracker(AddressRule addresses) {
        InMemoryRegistry registry = new InMemoryRegistry(clock, Duration.ofSeconds(5), TTL, Duration.ofMinutes(10), 100);
        IdentityBook book = IdentityBook.open(dir.resolve(IdentityBook.FILE_NAME), clock, RETENTION, 1000);
        return new Registration(registry, (h, a, p) -> probes.incrementAndGet(), book, addresses, clock, Duration.ofMinutes(5));
    }

    Registration tracker() {
        return tracker(new AddressRule(false, List.of()));
    }

    RegisterRequest request(TestPeerKey key, String hostname, String address) {
        return key.register(hostname, address, 7070, null, clock.millis() + ++stamp);
    }

    static Kind kindOf(Runnable call) {
        try {
            call.run();
        } catch (RegistryException e) {
            return e.kind();
        }
        throw new AssertionError("expected a RegistryException");
    }

    @Test
    void shouldRefuseAnotherKeyAfterTheOwnerFellSilentPastTheTtl() {
        Registration tracker = tracker();
        tracker.register(request(owner, "peer1", "127.0.0.1"), LOCAL);
        clock.advance(TTL.plusSeconds(60));

        assertThat(kindOf(() -> tracker.register(request(intruder, "peer1", "127.0.0.1"), LOCAL))).isEqualTo(Kind.NAME_TAKEN);
        assertThat(probes.get()).as("refused before the probe").isEqualTo(1);
        assertThat(tracker.register(request(owner, "peer1", "127.0.0.1"), LOCAL).hostname()).isEqualTo("peer1");
    }

    @Test
    void shouldKeepTheNameForItsKeyAcrossATrackerRestart() {
        String oldToken = tracker().register(request(owner, "peer1", "127.0.0.1"), LOCAL).token();

        Registration restarted = tracker(); // the registry is empty, the identity book is read back from disk
        assertThat(kindOf(() -> restarted.heartbeat("peer1", oldToken))).isEqualTo(Kind.NOT_FOUND);
        assertThat(kindOf(() -> restarted.register(request(intruder, "peer1", "127.0.0.1"), LOCAL))).isEqualTo(Kind.NAME_TAKEN);
        assertThat(restarted.register(request(owner, "peer1", "127.0.0.1"), LOCAL).token()).isNotEqualTo(oldToken);
    }

    @Test
    void shouldRefuseAReplayOfTheOwnersRequestToAnotherAddressOrTheSameOne() {
        Registration tracker = tracker(AddressRule.any());
        RegisterRequest signed = request(owner, "peer1", "127.0.0.1");
        tracker.register(signed, LOCAL);

        RegisterRequest elsewhere = new RegisterRequest("peer1", "127.0.0.9", 7070, null, signed.publicKey(),
                signed.timestamp() + 1, signed.signature());
        assertThat(kindOf(() -> tracker.register(elsewhere, LOCAL))).isEqualTo(Kind.BAD_SIGNATURE);
        assertThat(kindOf(() -> tracker.register(signed, LOCAL))).isEqualTo(Kind.BAD_SIGNATURE);
        assertThat(kindOf(() -> tracker().register(signed, LOCAL))).as("after a restart too").isEqualTo(Kind.BAD_SIGNATURE);
    }

    @Test
    void shouldRefuseAStaleOrFutureTimestamp() {
        Registration tracker = tracker();
        long sixMinutes = Duration.ofMinutes(6).toMillis();

        assertThat(kindOf(() -> tracker.register(owner.register("peer1", "127.0.0.1", 7070, null, clock.millis() - sixMinutes),
                LOCAL))).isEqualTo(Kind.BAD_SIGNATURE);
        assertThat(kindOf(() -> tracker.register(owner.register("peer1", "127.0.0.1", 7070, null, clock.millis() + sixMinutes),
                LOCAL))).isEqualTo(Kind.BAD_SIGNATURE);
        assertThat(probes.get()).isZero();
    }

    @Test
    void shouldReleaseANameUnusedForTheRetentionAndKeepOneThatHeartbeats() throws IOException {
        InMemoryRegistry registry = new InMemoryRegistry(clock, Duration.ofSeconds(5), TTL, Duration.ofDays(365), 100);
        IdentityBook book = IdentityBook.open(dir.resolve(IdentityBook.FILE_NAME), clock, RETENTION, 1000);
        Registration tracker = new Registration(registry, (h, a, p) -> { }, book, new AddressRule(false, List.of()),
                clock, Duration.ofMinutes(5));
        tracker.register(request(owner, "idle", "127.0.0.1"), LOCAL);
        String token = tracker.register(request(owner, "busy", "127.0.0.1"), LOCAL).token();
        for (int day = 0; day < 31; day++) {
            clock.advance(Duration.ofDays(1));
            tracker.heartbeat("busy", token);
        }
        book.flush(); // what the sweeper does; heartbeats alone write nothing

        Registration restarted = tracker();
        assertThat(kindOf(() -> restarted.register(request(intruder, "busy", "127.0.0.1"), LOCAL))).isEqualTo(Kind.NAME_TAKEN);
        assertThat(restarted.register(request(intruder, "idle", "127.0.0.1"), LOCAL).hostname()).isEqualTo("idle");
        assertThat(book.expire()).as("the sweeper drops the idle binding").isEqualTo(1);
    }

    @Test
    void shouldWriteTheBookAtomicallyOwnerOnlyAndReadableByAnOperator() throws IOException {
        tracker().register(request(owner, "peer1", "127.0.0.1"), LOCAL);
        Path journal = dir.resolve("identities.journal");
        assertThat(Files.readString(journal)).startsWith("+ peer1 " + owner.publicKey() + " ");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(journal))).isEqualTo("rw-------");
        tracker(); // a restart folds the journal into the snapshot

        Path file = dir.resolve(IdentityBook.FILE_NAME);
        assertThat(Files.readString(file)).contains("peer1 " + owner.publicKey() + " ");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (var leftovers = Files.list(dir)) {
            assertThat(leftovers.map(p -> p.getFileName().toString())).containsExactly(IdentityBook.FILE_NAME);
        }

        // The operator's release: delete the name's lines (snapshot and journal) while the tracker is stopped.
        tracker().register(request(owner, "peer1", "127.0.0.1"), LOCAL); // a journal line again
        for (Path edited : List.of(file, journal)) {
            Files.writeString(edited, Files.readString(edited).lines()
                    .filter(l -> !l.startsWith("peer1 ") && !l.startsWith("+ peer1 ")).reduce("", (a, l) -> a + l + "\n"));
        }
        assertThat(tracker().register(request(intruder, "peer1", "127.0.0.1"), LOCAL).hostname()).isEqualTo("peer1");
    }

    @Test
    void shouldStopAtStartupNamingTheLineOfACorruptBook() throws IOException {
        Files.writeString(dir.resolve(IdentityBook.FILE_NAME), "# header\npeer1 only-two-fields\n");

        org.assertj.core.api.Assertions.assertThatThrownBy(this::tracker)
                .hasMessageContaining("line 2").hasMessageContaining("fix or delete that line");
    }

    @Test
    void shouldAcceptOnlyTheSendersAddressOrANameResolvingToItUnlessAllowed() throws Exception {
        Registration strict = tracker();
        InetAddress other = InetAddress.getByName("127.0.0.2");

        assertThat(strict.register(request(owner, "a", "localhost"), LOCAL).hostname()).isEqualTo("a");
        assertThat(kindOf(() -> strict.register(request(owner, "b", "127.0.0.1"), other))).isEqualTo(Kind.ADDRESS_NOT_ALLOWED);
        assertThat(kindOf(() -> strict.register(request(owner, "c", "no-such-host.invalid"), LOCAL)))
                .isEqualTo(Kind.ADDRESS_NOT_ALLOWED);
        assertThat(probes.get()).isEqualTo(1);

        Registration allowing = tracker(new AddressRule(false, List.of("127.0.0.0/30", "fd00::/8")));
        assertThat(allowing.register(request(owner, "d", "127.0.0.3"), other).hostname()).isEqualTo("d");
        assertThat(kindOf(() -> allowing.register(request(owner, "e", "127.0.0.4"), other))).isEqualTo(Kind.ADDRESS_NOT_ALLOWED);
    }

    @Test
    void shouldAnswerFullWhenTheRegistryHoldsMaxPeers() {
        InMemoryRegistry registry = new InMemoryRegistry(clock, Duration.ofSeconds(5), TTL, Duration.ofMinutes(10), 100, 2);
        IdentityBook book = IdentityBook.open(dir.resolve(IdentityBook.FILE_NAME), clock, RETENTION, 1000);
        Registration tracker = new Registration(registry, (h, a, p) -> probes.incrementAndGet(), book,
                new AddressRule(false, List.of()), clock, Duration.ofMinutes(5));
        tracker.register(request(owner, "p1", "127.0.0.1"), LOCAL);
        tracker.register(request(owner, "p2", "127.0.0.1"), LOCAL);

        assertThat(kindOf(() -> tracker.register(request(owner, "p3", "127.0.0.1"), LOCAL))).isEqualTo(Kind.FULL);
        assertThat(probes.get()).as("refused before the probe").isEqualTo(2);
    }
}
