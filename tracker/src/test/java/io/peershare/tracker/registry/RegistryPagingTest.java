package io.peershare.tracker.registry;

import io.peershare.protocol.api.FileEntry;
import io.peershare.protocol.api.FileSources;
import io.peershare.protocol.api.FileSummary;
import io.peershare.protocol.api.PeerView;
import io.peershare.protocol.api.RegisterRequest;
import io.peershare.protocol.api.Source;
import io.peershare.tracker.MutableClock;
import io.peershare.tracker.registry.RegistryException.Kind;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Keyset paging of every list the registry serves: the pages of a walk hold every item that stayed in the list
 * exactly once, in the list's order, while peers come and go between two pages.
 */
class RegistryPagingTest {

    static final String SHA_A = "a".repeat(64);
    static final String SHA_B = "b".repeat(64);
    static final Duration TTL = Duration.ofSeconds(15);

    final MutableClock clock = new MutableClock();
    final InMemoryRegistry registry = new InMemoryRegistry(clock, Duration.ofSeconds(5), TTL, Duration.ofMinutes(10), 100);
    final Map<String, String> tokens = new HashMap<>();

    String register(String hostname) {
        String token = registry.register(new RegisterRequest(hostname, "10.0.0.1", 7070, null)).token();
        tokens.put(hostname, token);
        return token;
    }

    void unregister(String hostname) {
        registry.unregister(hostname, tokens.remove(hostname));
    }

    static FileEntry file(String name, String sha) {
        return new FileEntry(name, 42, sha);
    }

    /** Every page from the first, calling {@code between} with each page that has a next one, before the next. */
    static <T> List<T> walk(Function<String, Page<T>> fetch, int limit, Consumer<List<T>> between) {
        List<T> items = new ArrayList<>();
        String cursor = null;
        do {
            Page<T> page = fetch.apply(cursor);
            assertThat(page.items().size()).isLessThanOrEqualTo(limit);
            if (!page.isLast()) {
                assertThat(page.items()).as("a page with a next one is full").hasSize(limit);
                between.accept(page.items());
            }
            items.addAll(page.items());
            cursor = page.next();
        } while (cursor != null);
        return items;
    }

    @Test
    void shouldListEveryPeerOnceInHostnameOrderWhilePeersComeAndGoBetweenPages() {
        List<String> initial = IntStream.range(10, 60).mapToObj(i -> "p" + i).toList();
        initial.forEach(this::register);
        List<String> removedAhead = new ArrayList<>();
        List<String> addedAhead = new ArrayList<>();
        int[] round = {0};

        List<String> seen = walk(cursor -> registry.peers(cursor, 7), 7, page -> {
            int k = round[0]++;
            String ahead = "p" + (59 - k); // not reached yet: gone before the walk gets there
            if (ahead.compareTo(page.getLast().hostname()) > 0) {
                unregister(ahead);
                removedAhead.add(ahead);
            }
            register("q" + k); // after every p: the walk meets it
            addedAhead.add("q" + k);
            register("a" + k); // before the cursor: not in this walk
        }).stream().map(PeerView::hostname).toList();

        assertThat(seen).doesNotHaveDuplicates().isSortedAccordingTo(String::compareTo);
        List<String> expected = new ArrayList<>(initial);
        expected.removeAll(removedAhead);
        expected.addAll(addedAhead);
        assertThat(seen).containsExactlyElementsOf(expected);
    }

    @Test
    void shouldEndWithoutANextCursorWhenTheLastPageIsExactlyFull() {
        IntStream.range(0, 6).forEach(i -> register("h" + i));

        Page<PeerView> first = registry.peers(null, 3);
        Page<PeerView> second = registry.peers(first.next(), 3);

        assertThat(first.next()).isNotNull();
        assertThat(second.items()).extracting(PeerView::hostname).containsExactly("h3", "h4", "h5");
        assertThat(second.next()).isNull();
        assertThat(registry.peers(null, 1000).next()).isNull();
    }

    @Test
    void shouldListEverySearchRowOnceInOrderWhenPagesEndBetweenTwoContentsOfOneName() {
        // two contents under some names, and names differing only in case: pages of 1, 2, 3 and 7 rows
        register("p1");
        register("p2");
        List<FileEntry> first = new ArrayList<>();
        List<FileEntry> second = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            first.add(file("f" + i + ".txt", SHA_A));
            second.add(file("f" + i + ".txt", i % 3 == 0 ? SHA_B : SHA_A));
        }
        first.addAll(List.of(file("Cat.png", SHA_A), file("cat.png", SHA_A), file("CAT.png", SHA_B), file("ab", SHA_A)));
        registry.replaceFiles("p1", tokens.get("p1"), first);
        registry.replaceFiles("p2", tokens.get("p2"), second);

        for (String glob : new String[]{null, "*.txt", "*t", "?at.png", "F1*"}) {
            List<FileSummary> expected = registry.findFiles(glob);
            assertThat(expected).as(glob).isNotEmpty().isEqualTo(
                    FileIndex.summaries(List.of(entry("p1"), entry("p2")), Glob.compile(glob), clock.instant(), TTL));
            for (int limit : new int[]{1, 2, 3, 7}) {
                assertThat(walk(cursor -> registry.findFiles(glob, cursor, limit), limit, page -> { }))
                        .as(glob + " by " + limit).containsExactlyElementsOf(expected);
            }
        }
        assertThat(registry.findFiles("cat.png")).extracting(FileSummary::name, FileSummary::sha256).containsExactly(
                org.assertj.core.groups.Tuple.tuple("CAT.png", SHA_B), org.assertj.core.groups.Tuple.tuple("Cat.png", SHA_A),
                org.assertj.core.groups.Tuple.tuple("cat.png", SHA_A));
    }

    @Test
    void shouldSeeNamesAnnouncedAheadAndNotNamesWithdrawnAheadWhileSearching() {
        register("p1");
        register("p2");
        registry.replaceFiles("p1", tokens.get("p1"), IntStream.range(10, 40).mapToObj(i -> file("n" + i, SHA_A)).toList());
        int[] round = {0};

        List<String> withdrawn = new ArrayList<>();
        List<String> seen = walk(cursor -> registry.findFiles("n*", cursor, 4), 4, page -> {
            int k = round[0]++;
            String ahead = "n" + (39 - k);
            if (ahead.compareTo(page.getLast().name()) > 0) {
                registry.withdrawFile("p1", tokens.get("p1"), ahead);
                withdrawn.add(ahead);
            }
            registry.addFiles("p2", tokens.get("p2"), List.of(file("n9" + k, SHA_B), file("n0" + k, SHA_B)));
        }).stream().map(FileSummary::name).toList();

        int rounds = round[0];
        List<String> expected = new ArrayList<>(IntStream.range(10, 40).mapToObj(i -> "n" + i).toList());
        expected.removeAll(withdrawn);
        IntStream.range(0, rounds).mapToObj(k -> "n9" + k).forEach(expected::add);
        assertThat(seen).doesNotHaveDuplicates().containsExactlyElementsOf(expected);
    }

    @Test
    void shouldPageAPeersFilesByName() {
        register("p1");
        registry.replaceFiles("p1", tokens.get("p1"), IntStream.range(10, 35).mapToObj(i -> file("e" + i, SHA_A)).toList());
        int[] round = {0};

        List<String> withdrawn = new ArrayList<>();
        List<String> seen = walk(cursor -> registry.files("p1", cursor, 4).orElseThrow(), 4, page -> {
            int k = round[0]++;
            String ahead = "e" + (34 - k);
            if (ahead.compareTo(page.getLast().name()) > 0) {
                registry.withdrawFile("p1", tokens.get("p1"), ahead);
                withdrawn.add(ahead);
            }
            registry.addFiles("p1", tokens.get("p1"), List.of(file("z" + k, SHA_A)));
        }).stream().map(FileEntry::name).toList();

        int rounds = round[0];
        List<String> expected = new ArrayList<>(IntStream.range(10, 35).mapToObj(i -> "e" + i).toList());
        expected.removeAll(withdrawn);
        IntStream.range(0, rounds).mapToObj(k -> "z" + k).forEach(expected::add);
        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(registry.files("nobody", null, 4)).isEmpty();
    }

    @Test
    void shouldStartAWalkOverEveryLiveHolderFromASampleThatLeftSomeOut() {
        IntStream.range(10, 20).forEach(i -> register("stale" + i));
        tokens.keySet().forEach(h -> registry.replaceFiles(h, tokens.get(h), List.of(file("big.iso", SHA_A))));
        clock.advance(TTL.plusSeconds(1)); // the stale ones stop being sources
        for (int i = 10; i < 40; i++) {
            registry.replaceFiles("h" + i, register("h" + i), List.of(file("big.iso", i % 4 == 0 ? SHA_B : SHA_A)));
        }

        Page<FileSources> sample = registry.sources("big.iso", null, null, 5);
        assertThat(sample.items()).allSatisfy(group -> assertThat(group.sources()).hasSizeLessThanOrEqualTo(5));
        assertThat(sample.next()).as("the sample left holders out").isNotNull();
        List<String> walked = new ArrayList<>();
        List<String> gone = new ArrayList<>();
        int rounds = 0;
        for (String cursor = sample.next(); cursor != null; rounds++) {
            Page<FileSources> page = registry.sources("big.iso", null, cursor, 4);
            // a page of the walk lists limit holders in hostname order, each in its group
            List<String> listed = page.items().stream().flatMap(g -> g.sources().stream().map(Source::hostname)).sorted().toList();
            assertThat(listed).hasSizeLessThanOrEqualTo(4);
            assertThat(page.items()).allSatisfy(group -> assertThat(group.sources()).extracting(Source::hostname).isSorted());
            walked.addAll(listed);
            cursor = page.next();
            if (cursor != null) {
                assertThat(listed).hasSize(4);
                String ahead = "h" + (39 - rounds);
                if (ahead.compareTo(listed.getLast()) > 0) {
                    unregister(ahead); // ahead: not listed
                    gone.add(ahead);
                }
                registry.replaceFiles("i" + rounds, register("i" + rounds), List.of(file("big.iso", SHA_B))); // ahead: listed
            }
        }

        List<String> expected = new ArrayList<>(IntStream.range(10, 40).mapToObj(i -> "h" + i).toList());
        expected.removeAll(gone);
        for (int k = 0; k < rounds - 1; k++) {
            expected.add("i" + k);
        }
        assertThat(walked).doesNotHaveDuplicates().containsExactlyElementsOf(expected);
    }

    @Test
    void shouldWalkOneContentsHoldersWhenTheSha256IsGivenAndGiveNoCursorWhenTheSampleListsEveryone() {
        for (int i = 10; i < 20; i++) {
            registry.replaceFiles("h" + i, register("h" + i), List.of(file("big.iso", i % 2 == 0 ? SHA_B : SHA_A)));
        }

        assertThat(registry.sources("big.iso", SHA_B, null, 5).next()).isNull();
        List<String> walked = new ArrayList<>();
        for (String cursor = Cursor.sources(""); cursor != null; ) {
            Page<FileSources> page = registry.sources("big.iso", SHA_B, cursor, 2);
            page.items().forEach(group -> group.sources().forEach(source -> walked.add(source.hostname())));
            cursor = page.next();
        }

        assertThat(walked).containsExactly("h10", "h12", "h14", "h16", "h18");
        assertThat(registry.sources("big.iso", SHA_B, Cursor.sources("h12"), 2).items()).singleElement()
                .satisfies(group -> assertThat(group.completeSources()).as("counts all holders").isEqualTo(5));
        assertThat(kindOf(() -> registry.sources("nothing.iso", null, Cursor.sources(""), 2))).isEqualTo(Kind.NOT_FOUND);
    }

    @Test
    void shouldRefuseACursorItDidNotGiveForThisListAndALimitOutOfRange() {
        register("p1");
        for (String bad : new String[]{"", "!!!", "not base64 at all", "AAAA", Cursor.files("a.txt", SHA_A), "x".repeat(2000)}) {
            assertThatThrownBy(() -> registry.peers(bad, 10)).as(bad).isInstanceOfSatisfying(RegistryException.class, e -> {
                assertThat(e.kind()).isEqualTo(Kind.INVALID_INPUT);
                assertThat(e.getMessage()).startsWith("cursor '").contains("leave cursor out").doesNotContain("\n");
            });
        }
        assertThat(kindOf(() -> registry.findFiles(null, Cursor.peers("p1"), 10))).isEqualTo(Kind.INVALID_INPUT);
        assertThat(kindOf(() -> registry.findFiles(null, Cursor.peerFiles("a.txt"), 10))).isEqualTo(Kind.INVALID_INPUT);
        assertThat(kindOf(() -> registry.files("p1", Cursor.peers("p1"), 10))).isEqualTo(Kind.INVALID_INPUT);
        assertThat(kindOf(() -> registry.sources("a.txt", null, Cursor.peers("p1"), 10))).isEqualTo(Kind.INVALID_INPUT);
        assertThatThrownBy(() -> registry.peers(null, 0)).hasMessage("limit must be a whole number from 1 to 1000 (default 100), got 0");
        assertThat(kindOf(() -> registry.peers(null, 1001))).isEqualTo(Kind.INVALID_INPUT);
        assertThat(kindOf(() -> registry.findFiles(null, null, 1001))).isEqualTo(Kind.INVALID_INPUT);
        assertThat(kindOf(() -> registry.files("p1", null, 10_001))).isEqualTo(Kind.INVALID_INPUT);
        assertThat(registry.files("p1", null, 10_000)).isPresent();
        assertThat(kindOf(() -> registry.sources("a.txt", null, Cursor.sources(""), 201))).isEqualTo(Kind.INVALID_INPUT);
    }

    private PeerEntry entry(String hostname) {
        return registry.entryForTest(hostname);
    }

    static Kind kindOf(Runnable call) {
        try {
            call.run();
        } catch (RegistryException e) {
            return e.kind();
        }
        throw new AssertionError("expected a RegistryException");
    }
}
