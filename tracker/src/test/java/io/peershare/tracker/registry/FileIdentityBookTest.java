package io.peershare.tracker.registry;

import io.peershare.tracker.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The file identity book's journal: a batch costs its own records, crashes lose nothing acknowledged, folds keep all. */
class FileIdentityBookTest {

    static final String KEY = "A".repeat(43) + "=";
    static final String OTHER_KEY = "B".repeat(43) + "=";

    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock();

    Path file() {
        return dir.resolve(IdentityBook.FILE_NAME);
    }

    Path journal() {
        return dir.resolve("identities.journal");
    }

    FileIdentityBook open(int compactAfter) {
        return FileIdentityBook.open(file(), clock, Duration.ofDays(30), 1_000_000, compactAfter);
    }

    static final java.util.concurrent.atomic.AtomicLong STAMP = new java.util.concurrent.atomic.AtomicLong();

    static void register(IdentityBook book, String hostname) throws IOException {
        book.awaitDurable(book.bind(hostname, KEY, STAMP.incrementAndGet()));
    }

    @Test
    void shouldWriteOnlyTheNewRecordForABatchOfOneNotTheWholeBook() throws IOException {
        FileIdentityBook book = open(1_000_000);
        for (int i = 0; i < 2000; i++) {
            book.bind("old-" + i, KEY, 1);
        }
        book.flush();
        book = open(1_000_000); // folded: 2000 bindings in the snapshot, no journal
        Object snapshotInode = Files.readAttributes(file(), "unix:ino").get("ino");
        long snapshotSize = Files.size(file());
        assertThat(snapshotSize).isGreaterThan(2000L * 50);

        register(book, "new-1");

        assertThat(Files.readAttributes(file(), "unix:ino").get("ino")).as("the snapshot is not rewritten").isEqualTo(snapshotInode);
        assertThat(Files.size(file())).isEqualTo(snapshotSize);
        assertThat(Files.size(journal())).as("one record appended").isLessThan(200);
        register(book, "new-2");
        assertThat(Files.readAllLines(journal())).hasSize(2);
    }

    @Test
    void shouldIgnoreATornLastRecordAndKeepEveryAcknowledgedBinding() throws IOException {
        FileIdentityBook book = open(1_000_000);
        register(book, "peer1");
        register(book, "peer2");
        String torn = IdentityJournal.bind("peer3", KEY, 1, clock.millis());
        Files.writeString(journal(), torn.substring(0, torn.length() / 2), java.nio.file.StandardOpenOption.APPEND);

        FileIdentityBook reopened = open(1_000_000);

        assertThat(reopened.size()).isEqualTo(2);
        assertThatThrownBy(() -> reopened.check("peer1", OTHER_KEY, 5)).isInstanceOf(RegistryException.class);
        assertThat(Files.exists(journal())).as("folded at start").isFalse();
        register(reopened, "peer3");
        assertThat(open(1_000_000).size()).isEqualTo(3);
    }

    @Test
    void shouldIgnoreALastRecordFailingItsChecksum() throws IOException {
        FileIdentityBook book = open(1_000_000);
        register(book, "peer1");
        Files.writeString(journal(), IdentityJournal.bind("peer2", KEY, 1, 5).replace(" 5 ", " 6 "),
                java.nio.file.StandardOpenOption.APPEND);

        assertThat(open(1_000_000).size()).isEqualTo(1);
    }

    @Test
    void shouldStopNamingTheFileAndLineOfACorruptRecordBeforeTheLast() throws IOException {
        FileIdentityBook book = open(1_000_000);
        register(book, "peer1");
        register(book, "peer2");
        List<String> lines = new ArrayList<>(Files.readAllLines(journal()));
        lines.set(0, lines.get(0).replace("peer1", "peerX"));
        Files.write(journal(), lines, StandardCharsets.UTF_8);

        assertThatThrownBy(() -> open(1_000_000)).hasMessageContaining(journal().toString())
                .hasMessageContaining("line 1").hasMessageContaining("fix or delete that line");
    }

    @Test
    void shouldKeepEveryBindingReleaseAndTouchAcrossFolds() throws Exception {
        FileIdentityBook book = open(10);
        for (int i = 0; i < 95; i++) {
            register(book, "peer" + i);
            if (i % 7 == 0) {
                book.awaitCompaction();
            }
        }
        book.awaitCompaction();
        assertThat(Files.readString(file())).as("folded while running").contains("peer50 ");
        clock.advance(Duration.ofDays(20));
        register(book, "peer3"); // the owner again: in use now
        book.touch("peer4");
        clock.advance(Duration.ofDays(11));
        assertThat(book.expire()).isEqualTo(93);
        book.flush();
        book.awaitCompaction();

        FileIdentityBook reopened = open(10);
        assertThat(reopened.size()).isEqualTo(2);
        assertThatThrownBy(() -> reopened.check("peer3", OTHER_KEY, 5)).isInstanceOf(RegistryException.class);
        assertThatThrownBy(() -> reopened.check("peer4", OTHER_KEY, 5)).isInstanceOf(RegistryException.class);
        reopened.check("peer5", OTHER_KEY, 5); // released
    }

    @Test
    void shouldReplayAJournalSetAsideByAFoldThatACrashInterrupted() throws IOException {
        Files.writeString(dir.resolve("identities.journal.old"), IdentityJournal.bind("peer1", KEY, 1, clock.millis())
                + IdentityJournal.bind("peer2", KEY, 1, clock.millis()));
        Files.writeString(journal(), IdentityJournal.release("peer1") + IdentityJournal.bind("peer3", KEY, 1, clock.millis()));

        FileIdentityBook book = open(1_000_000);

        assertThat(book.size()).isEqualTo(2);
        book.check("peer1", OTHER_KEY, 5); // released by the newer journal
        assertThatThrownBy(() -> book.check("peer2", OTHER_KEY, 5)).isInstanceOf(RegistryException.class);
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly(IdentityBook.FILE_NAME);
        }
    }

    @Test
    void shouldKeepEveryConcurrentRegistration() throws Exception {
        FileIdentityBook book = open(50);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> runs = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            runs.add(pool.submit(() -> {
                for (int i = 0; i < 100; i++) {
                    register(book, "t" + thread + "-" + i);
                }
                return null;
            }));
        }
        for (Future<?> run : runs) {
            run.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        book.awaitCompaction();

        FileIdentityBook reopened = open(50);
        assertThat(reopened.size()).isEqualTo(800);
        for (int t = 0; t < 8; t++) {
            for (int i = 0; i < 100; i += 9) {
                String name = "t" + t + "-" + i;
                assertThatThrownBy(() -> reopened.check(name, OTHER_KEY, 5)).as(name).isInstanceOf(RegistryException.class);
            }
        }
    }
}
