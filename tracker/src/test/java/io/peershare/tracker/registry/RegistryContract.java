package io.peershare.tracker.registry;

import io.peershare.protocol.api.FileEntry;
import io.peershare.protocol.api.FileSources;
import io.peershare.protocol.api.FileSummary;
import io.peershare.protocol.api.PeerView;
import io.peershare.protocol.api.RegisterRequest;
import io.peershare.protocol.api.RegisterResponse;
import io.peershare.protocol.api.Source;
import io.peershare.tracker.MutableClock;
import io.peershare.tracker.registry.RegistryException.Kind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The registry's behaviour, whatever the store: every store's test class extends this one
 * ({@link InMemoryRegistryTest}, {@code redis.RedisRegistryTest}).
 */
public abstract class RegistryContract {

    protected static final String SHA_A = "a".repeat(64);
    protected static final String SHA_B = "b".repeat(64);
    protected static final String MANIFEST = "c".repeat(64);
    protected static final Duration TTL = Duration.ofSeconds(15);
    protected static final Duration EXPIRY = Duration.ofMinutes(10);

    protected final MutableClock clock = new MutableClock();
    private final List<Registry> created = new java.util.ArrayList<>();
    protected final Registry registry = create(InMemoryRegistry.DEFAULT_MAX_PEERS);

    /** A new, empty registry of this store: heartbeat 5 s, {@link #TTL}, {@link #EXPIRY}, 100 files per peer. */
    protected abstract Registry newRegistry(MutableClock clock, int maxPeers);

    protected Registry create(int maxPeers) {
        Registry made = newRegistry(clock, maxPeers);
        created.add(made);
        return made;
    }

    /** Holders of one popular file in the sampling test (a store whose writes cost a round trip may use fewer). */
    protected int manyHolders() {
        return 10_000;
    }

    @AfterEach
    void closeRegistries() throws Exception {
        for (Registry made : created) {
            if (made instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }

    protected RegisterResponse register(String hostname) {
        return registry.register(new RegisterRequest(hostname, "10.0.0.1", 7070, null));
    }

    protected static FileEntry file(String name, String sha) {
        return new FileEntry(name, 42, sha);
    }

    protected static Kind kindOf(Runnable call) {
        try {
            call.run();
        } catch (RegistryException e) {
            return e.kind();
        }
        throw new AssertionError("expected a RegistryException");
    }

    @Test
    void shouldIssueA128BitUrlSafeTokenWhenRegisteringANewName() {
        RegisterResponse response = register("peer1");

        assertThat(response.hostname()).isEqualTo("peer1");
        assertThat(response.token()).matches("[A-Za-z0-9_-]{22}");
        assertThat(response.heartbeatIntervalMillis()).isEqualTo(5000);
        assertThat(response.ttlMillis()).isEqualTo(15000);
        assertThat(register("peer2").token()).isNotEqualTo(response.token());
    }

    @Test
    void shouldKeepTokenAndFilesWhenTheOwnerRegistersAgainFromANewAddress() {
        String token = register("peer1").token();
        registry.replaceFiles("peer1", token, List.of(file("a.txt", SHA_A)));

        RegisterResponse again = registry.register(new RegisterRequest("peer1", "10.0.0.9", 7071, token));

        assertThat(again.token()).isEqualTo(token);
        PeerView view = registry.peer("peer1").orElseThrow();
        assertThat(view.address()).isEqualTo("10.0.0.9");
        assertThat(view.port()).isEqualTo(7071);
        assertThat(view.fileCount()).isEqualTo(1);
    }

    @Test
    void shouldGiveTheProvenOwnerANewTokenAndNoFilesWhenItRegistersAgainWithoutItsToken() {
        // The key check (Registration) runs before: a registration that reaches the registry is the owner's.
        String oldToken = register("peer1").token();
        registry.replaceFiles("peer1", oldToken, List.of(file("a.txt", SHA_A)));

        RegisterResponse again = registry.register(new RegisterRequest("peer1", "10.0.0.2", 7070, null));

        assertThat(again.token()).isNotEqualTo(oldToken);
        assertThat(registry.files("peer1")).contains(List.of());
        assertThat(kindOf(() -> registry.heartbeat("peer1", oldToken))).isEqualTo(Kind.WRONG_TOKEN);
    }

    @Test
    void shouldRefuseANewPeerWith503WhenTheRegistryIsFullAndAcceptItOnceOneLeaves() {
        Registry small = create(3);
        String token = small.register(new RegisterRequest("p1", "10.0.0.1", 7070, null)).token();
        small.register(new RegisterRequest("p2", "10.0.0.1", 7070, null));
        small.register(new RegisterRequest("p3", "10.0.0.1", 7070, null));

        assertThat(kindOf(() -> small.register(new RegisterRequest("p4", "10.0.0.1", 7070, null)))).isEqualTo(Kind.FULL);
        assertThat(kindOf(() -> small.checkRegistrable(new RegisterRequest("p4", "10.0.0.1", 7070, null)))).isEqualTo(Kind.FULL);
        small.register(new RegisterRequest("p1", "10.0.0.1", 7070, token)); // a known name is no new peer
        assertThat(small.peers()).hasSize(3);

        small.unregister("p1", token);
        small.register(new RegisterRequest("p4", "10.0.0.1", 7070, null));
        clock.advance(EXPIRY.plusSeconds(1));
        assertThat(small.sweep()).isEqualTo(3);
        for (String name : List.of("a", "b", "c")) {
            small.register(new RegisterRequest(name, "10.0.0.1", 7070, null));
        }
        assertThat(kindOf(() -> small.register(new RegisterRequest("d", "10.0.0.1", 7070, null)))).isEqualTo(Kind.FULL);
    }

    @Test
    void shouldStopListingAPeerAsLiveOrAsASourceAfterTheTtlAndBringItBackOnHeartbeat() {
        String token = register("peer1").token();
        registry.replaceFiles("peer1", token, List.of(file("a.txt", SHA_A)));

        clock.advance(TTL);
        assertThat(registry.peer("peer1").orElseThrow().live()).isTrue();

        clock.advance(Duration.ofMillis(1));
        assertThat(registry.peer("peer1").orElseThrow().live()).isFalse();
        assertThat(kindOf(() -> registry.sources("a.txt", null))).isEqualTo(Kind.NOT_FOUND);
        assertThat(registry.findFiles("a.txt")).extracting(FileSummary::liveSources).containsExactly(0);

        registry.heartbeat("peer1", token);
        assertThat(registry.peer("peer1").orElseThrow().live()).isTrue();
        assertThat(registry.sources("a.txt", null)).hasSize(1);
    }

    @Test
    void shouldCountPeersAndLivePeersAsTheListDoes() {
        assertThat(registry.counts()).isEqualTo(new PeerCounts(0, 0));
        register("old");
        clock.advance(TTL.plusMillis(1));
        String token = register("young").token();
        register("other");
        assertThat(registry.counts()).isEqualTo(new PeerCounts(3, 2));

        registry.unregister("young", token);
        assertThat(registry.counts()).isEqualTo(new PeerCounts(2, 1));
        assertThat(registry.counts().live()).isEqualTo(registry.peers().stream().filter(PeerView::live).count());
    }

    @Test
    void shouldDropPeersSilentPastTheExpiryOnSweepOnly() {
        String token = register("old").token();
        clock.advance(EXPIRY.minusSeconds(1));
        register("young");
        assertThat(registry.sweep()).isZero();

        clock.advance(Duration.ofSeconds(2));
        assertThat(registry.sweep()).isEqualTo(1);

        assertThat(registry.peers()).extracting(PeerView::hostname).containsExactly("young");
        assertThat(kindOf(() -> registry.heartbeat("old", token))).isEqualTo(Kind.NOT_FOUND);
    }

    @Test
    void shouldAnswer401For403ForAnd404ForCallsAboutAPeer() {
        String token = register("peer1").token();

        assertThat(kindOf(() -> registry.heartbeat("peer1", null))).isEqualTo(Kind.MISSING_TOKEN);
        assertThat(kindOf(() -> registry.heartbeat("peer1", " "))).isEqualTo(Kind.MISSING_TOKEN);
        assertThat(kindOf(() -> registry.heartbeat("peer1", token + "x"))).isEqualTo(Kind.WRONG_TOKEN);
        assertThat(kindOf(() -> registry.addFiles("peer1", "wrong", List.of()))).isEqualTo(Kind.WRONG_TOKEN);
        assertThat(kindOf(() -> registry.unregister("peer1", "wrong"))).isEqualTo(Kind.WRONG_TOKEN);
        assertThat(kindOf(() -> registry.heartbeat("ghost", token))).isEqualTo(Kind.NOT_FOUND);
        assertThat(kindOf(() -> registry.unregister("ghost", token))).isEqualTo(Kind.NOT_FOUND);

        registry.unregister("peer1", token);
        assertThat(registry.peer("peer1")).isEmpty();
    }

    @Test
    void shouldReplaceAddAndWithdrawFiles() {
        String token = register("peer1").token();
        registry.replaceFiles("peer1", token, List.of(file("b.txt", SHA_A), file("a.txt", SHA_A)));
        registry.addFiles("peer1", token, List.of(file("c.txt", SHA_A), file("a.txt", SHA_B)));
        registry.withdrawFile("peer1", token, "b.txt");
        registry.withdrawFile("peer1", token, "never-there.txt");

        assertThat(registry.files("peer1").orElseThrow())
                .containsExactly(file("a.txt", SHA_B), file("c.txt", SHA_A));

        registry.replaceFiles("peer1", token, List.of(file("z.txt", SHA_A)));
        assertThat(registry.files("peer1").orElseThrow()).containsExactly(file("z.txt", SHA_A));
    }

    @Test
    void shouldNormalizeSha256ToLowercase() {
        String token = register("peer1").token();
        registry.replaceFiles("peer1", token, List.of(new FileEntry("a.txt", 1, "ABCDEF".repeat(10) + "ABCD")));

        assertThat(registry.files("peer1").orElseThrow().getFirst().sha256()).isEqualTo("abcdef".repeat(10) + "abcd");
        assertThat(registry.sources("a.txt", "ABCDEF".repeat(10) + "ABCD")).hasSize(1);
    }

    @Test
    void shouldKeepTheManifestRootInLowercaseAndThePartialFlagOfEachEntry() {
        String token = register("peer1").token();
        registry.replaceFiles("peer1", token, List.of(new FileEntry("a.txt", 1, SHA_A, "ABCDEF".repeat(10) + "ABCD", true),
                new FileEntry("b.txt", 2, SHA_B)));

        assertThat(registry.files("peer1").orElseThrow()).containsExactly(
                new FileEntry("a.txt", 1, SHA_A, "abcdef".repeat(10) + "abcd", true),
                new FileEntry("b.txt", 2, SHA_B, null, false));
    }

    @Test
    void shouldReplaceAPartialEntryByTheCompleteOneWhenTheFetchEndsAndDropItWhenItFails() {
        String token = register("peer1").token();
        registry.addFiles("peer1", token, List.of(new FileEntry("big.iso", 5, SHA_A, MANIFEST, true)));
        assertThat(registry.peer("peer1").orElseThrow().fileCount()).isEqualTo(1);

        registry.addFiles("peer1", token, List.of(new FileEntry("big.iso", 5, SHA_A, MANIFEST, false)));
        assertThat(registry.files("peer1").orElseThrow()).containsExactly(new FileEntry("big.iso", 5, SHA_A, MANIFEST, false));

        registry.addFiles("peer1", token, List.of(new FileEntry("other.iso", 5, SHA_B, MANIFEST, true)));
        registry.withdrawFile("peer1", token, "other.iso");
        assertThat(registry.files("peer1").orElseThrow()).extracting(FileEntry::name).containsExactly("big.iso");
    }

    @Test
    void shouldRejectAManifestRootThatIsNot64HexCharactersNamingTheFile() {
        String token = register("peer1").token();

        for (String bad : List.of("", "xyz", "a".repeat(63), "a".repeat(65), "g".repeat(64))) {
            assertThatThrownBy(() -> registry.addFiles("peer1", token, List.of(new FileEntry("a.txt", 1, SHA_A, bad, false))))
                    .as("manifest '%s'", bad)
                    .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_INPUT))
                    .hasMessageStartingWith("file 'a.txt': manifest must be 64 hex characters");
        }
        assertThat(registry.files("peer1").orElseThrow()).isEmpty();
    }

    @Test
    void shouldRejectInvalidRegistrationsWithAMessageNamingTheProblem() {
        assertThatThrownBy(() -> registry.register(new RegisterRequest("bad host", "h", 1, null)))
                .hasMessageContaining("only letters, digits");
        assertThatThrownBy(() -> registry.register(new RegisterRequest("", "h", 1, null))).hasMessageContaining("hostname");
        assertThatThrownBy(() -> registry.register(new RegisterRequest("h".repeat(254), "h", 1, null)))
                .hasMessageContaining("253");
        assertThatThrownBy(() -> registry.register(new RegisterRequest("p", " ", 1, null)))
                .hasMessageContaining("PEER_ADVERTISED_ADDRESS");
        assertThatThrownBy(() -> registry.register(new RegisterRequest("p", "0.0.0.0", 7070, null)))
                .hasMessageContaining("bind-all");
        assertThatThrownBy(() -> registry.register(new RegisterRequest("p", "h", 0, null))).hasMessageContaining("1-65535");
        assertThatThrownBy(() -> registry.register(new RegisterRequest("p", "h", 65536, null))).hasMessageContaining("1-65535");
        assertThatThrownBy(() -> registry.register(null)).hasMessageContaining("missing");
        assertThat(registry.peers()).isEmpty();
    }

    @Test
    void shouldRejectInvalidAnnouncementsAndKeepTheOldList() {
        String token = register("peer1").token();
        registry.replaceFiles("peer1", token, List.of(file("keep.txt", SHA_A)));

        for (FileEntry bad : List.of(file("../etc", SHA_A), file("a/b", SHA_A), new FileEntry("a", -1, SHA_A), file("a", "xyz"))) {
            assertThat(kindOf(() -> registry.replaceFiles("peer1", token, List.of(bad)))).as(bad.toString())
                    .isEqualTo(Kind.INVALID_INPUT);
        }
        assertThat(kindOf(() -> registry.replaceFiles("peer1", token, List.of(file("a", SHA_A), file("a", SHA_B)))))
                .isEqualTo(Kind.INVALID_INPUT);
        assertThat(kindOf(() -> registry.replaceFiles("peer1", token, null))).isEqualTo(Kind.INVALID_INPUT);
        List<FileEntry> tooMany = java.util.stream.IntStream.range(0, 101).mapToObj(i -> file("f" + i, SHA_A)).toList();
        assertThat(kindOf(() -> registry.replaceFiles("peer1", token, tooMany))).isEqualTo(Kind.INVALID_INPUT);
        registry.replaceFiles("peer1", token, tooMany.subList(0, 100));
        assertThat(kindOf(() -> registry.addFiles("peer1", token, List.of(file("one-more", SHA_A))))).isEqualTo(Kind.INVALID_INPUT);

        assertThat(registry.files("peer1").orElseThrow()).hasSize(100);
    }

    @Test
    void shouldKeepBothContentsWhenTwoPeersShareOneNameWithDifferentBytes() {
        registry.replaceFiles("p1", register("p1").token(), List.of(file("cat.png", SHA_A)));
        registry.replaceFiles("p2", register("p2").token(), List.of(file("cat.png", SHA_B)));
        registry.replaceFiles("p3", register("p3").token(), List.of(file("cat.png", SHA_B), file("dog.png", SHA_A)));

        List<FileSources> sources = registry.sources("cat.png", null);

        assertThat(sources).extracting(FileSources::sha256).containsExactly(SHA_B, SHA_A);
        assertThat(sources.getFirst().sources()).extracting(Source::hostname).containsExactlyInAnyOrder("p2", "p3");
        assertThat(registry.sources("cat.png", SHA_A)).singleElement()
                .satisfies(s -> assertThat(s.sources()).extracting(Source::hostname).containsExactly("p1"));
        // a name's contents are listed by sha256 (the paging key), not by how many hold them
        assertThat(registry.findFiles("CAT.*")).extracting(FileSummary::sha256, FileSummary::liveSources)
                .containsExactly(tuple(SHA_A, 1), tuple(SHA_B, 2));
        assertThat(registry.findFiles("?og.png")).extracting(FileSummary::name).containsExactly("dog.png");
        assertThat(registry.findFiles(null)).hasSize(3);
        assertThat(registry.findFiles("*.txt")).isEmpty();
    }

    @Test
    void shouldGroupSourcesByTheWholeAnnouncementSoAHolderLyingAboutSizeOrManifestCannotSpoilTheHonestOnes() {
        for (String honest : List.of("h1", "h2", "h3")) {
            registry.replaceFiles(honest, register(honest).token(), List.of(new FileEntry("iso", 100, SHA_A, MANIFEST, false)));
        }
        registry.replaceFiles("short", register("short").token(), List.of(new FileEntry("iso", 99, SHA_A, MANIFEST, false)));
        registry.replaceFiles("forged", register("forged").token(), List.of(new FileEntry("iso", 100, SHA_A, SHA_B, false)));

        List<FileSources> groups = registry.sources("iso", null);

        assertThat(groups.getFirst()).satisfies(honest -> {
            assertThat(honest.size()).isEqualTo(100);
            assertThat(honest.manifest()).isEqualTo(MANIFEST);
            assertThat(honest.completeSources()).isEqualTo(3);
            assertThat(honest.sources()).extracting(Source::hostname).containsExactlyInAnyOrder("h1", "h2", "h3");
        });
        assertThat(groups.subList(1, 3)).extracting(FileSources::size, FileSources::manifest, FileSources::completeSources)
                .containsExactlyInAnyOrder(tuple(99L, MANIFEST, 1),
                        tuple(100L, SHA_B, 1));
        assertThat(registry.findFiles("iso")).singleElement().satisfies(summary -> {
            assertThat(summary.size()).isEqualTo(100);
            // holders of the size most announce: the honest three and the forged root (right size); not 'short'
            assertThat(summary.liveSources()).isEqualTo(4);
        });
    }

    @Test
    void shouldListPartialHoldersBesideCompleteOnesFlaggedAndCounted() {
        registry.replaceFiles("seed", register("seed").token(), List.of(new FileEntry("iso", 100, SHA_A, MANIFEST, false)));
        registry.replaceFiles("leech", register("leech").token(), List.of(new FileEntry("iso", 100, SHA_A, MANIFEST, true)));

        FileSources group = registry.sources("iso", null).getFirst();

        assertThat(group.completeSources()).isEqualTo(1);
        assertThat(group.partialSources()).isEqualTo(1);
        assertThat(group.sources()).containsExactlyInAnyOrder(new Source("seed", "10.0.0.1", 7070, false),
                new Source("leech", "10.0.0.1", 7070, true));
        assertThat(registry.findFiles("iso")).extracting(FileSummary::liveSources, FileSummary::partialSources)
                .containsExactly(tuple(1, 1));
    }

    @Test
    void shouldAnswerSourcesWhenOnlyPartialHoldersAreLiveAndNotFoundWhenNobodyLiveHoldsTheName() {
        String token = register("leech").token();
        registry.replaceFiles("leech", token, List.of(new FileEntry("new.iso", 100, SHA_A, MANIFEST, true)));

        assertThat(registry.sources("new.iso", null)).singleElement().satisfies(group -> {
            assertThat(group.completeSources()).isZero();
            assertThat(group.partialSources()).isEqualTo(1);
        });

        registry.withdrawFile("leech", token, "new.iso");
        assertThatThrownBy(() -> registry.sources("new.iso", null))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND))
                .hasMessage("no live peer holds 'new.iso'; list files with GET /api/v1/files");
    }

    @Test
    void shouldOrderGroupsByMostHoldersThenByMostCompleteHolders() {
        registry.replaceFiles("a1", register("a1").token(), List.of(new FileEntry("f", 1, SHA_A, null, true)));
        registry.replaceFiles("a2", register("a2").token(), List.of(new FileEntry("f", 1, SHA_A, null, true)));
        registry.replaceFiles("b1", register("b1").token(), List.of(new FileEntry("f", 1, SHA_B, null, false)));
        registry.replaceFiles("b2", register("b2").token(), List.of(new FileEntry("f", 1, SHA_B, null, true)));
        registry.replaceFiles("c1", register("c1").token(), List.of(new FileEntry("f", 2, SHA_B, null, false)));
        registry.replaceFiles("c2", register("c2").token(), List.of(new FileEntry("f", 2, SHA_B, null, false)));
        registry.replaceFiles("c3", register("c3").token(), List.of(new FileEntry("f", 2, SHA_B, null, true)));

        assertThat(registry.sources("f", null)).extracting(FileSources::sha256, FileSources::size)
                .containsExactly(tuple(SHA_B, 2L), tuple(SHA_B, 1L),
                        tuple(SHA_A, 1L));
    }

    @Test
    void shouldAnswerFiftySourcesAndCountAllForThousandsOfHoldersWithAFreshSampleEachRequest() {
        for (int i = 0; i < manyHolders(); i++) {
            String hostname = "holder" + i;
            registry.replaceFiles(hostname, register(hostname).token(), List.of(new FileEntry("popular.iso", 100, SHA_A, MANIFEST, false)));
        }

        FileSources first = registry.sources("popular.iso", null).getFirst();
        FileSources second = registry.sources("popular.iso", null).getFirst();

        assertThat(first.completeSources()).isEqualTo(manyHolders());
        assertThat(first.sources()).hasSize(50).doesNotHaveDuplicates();
        assertThat(second.sources()).hasSize(50);
        assertThat(Set.copyOf(second.sources())).isNotEqualTo(Set.copyOf(first.sources()));
        assertThat(registry.sources("popular.iso", null, 200).getFirst().sources()).hasSize(200);
    }

    @Test
    void shouldRefuseALimitOutsideOneTo200() {
        registry.replaceFiles("p1", register("p1").token(), List.of(file("a.txt", SHA_A)));

        for (int bad : new int[]{0, -1, 201}) {
            assertThatThrownBy(() -> registry.sources("a.txt", null, bad))
                    .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_INPUT))
                    .hasMessage("limit must be a whole number from 1 to 200 (default 50), got " + bad);
        }
        assertThat(registry.sources("a.txt", null, 1).getFirst().sources()).hasSize(1);
        assertThat(registry.sources("a.txt", null, 200).getFirst().sources()).hasSize(1);
    }

    @Test
    void shouldShowTheSizeMostLiveHoldersAnnounceInTheSearch() {
        registry.replaceFiles("dead1", register("dead1").token(), List.of(new FileEntry("f", 7, SHA_A)));
        registry.replaceFiles("dead2", register("dead2").token(), List.of(new FileEntry("f", 7, SHA_A)));
        clock.advance(TTL.plusSeconds(1));
        assertThat(registry.findFiles("f")).extracting(FileSummary::size).containsExactly(7L);

        registry.replaceFiles("live1", register("live1").token(), List.of(new FileEntry("f", 8, SHA_A)));
        assertThat(registry.findFiles("f")).extracting(FileSummary::size, FileSummary::liveSources)
                .containsExactly(tuple(8L, 1));
    }

    @Test
    void shouldTreatGlobMetacharactersOtherThanStarAndQuestionMarkLiterally() {
        registry.replaceFiles("p1", register("p1").token(), List.of(file("a+b (1).txt", SHA_A), file("aab (1)xtxt", SHA_A)));

        assertThat(registry.findFiles("a+b (1).txt")).extracting(FileSummary::name).containsExactly("a+b (1).txt");
    }
}
