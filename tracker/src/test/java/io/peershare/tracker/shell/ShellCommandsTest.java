package io.peershare.tracker.shell;

import io.peershare.protocol.api.FileEntry;
import io.peershare.tracker.Api;
import io.peershare.tracker.TestWireServer;
import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;

import static io.peershare.tracker.Api.sha;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shell's commands run on a picocli {@link CommandLine} built by Quarkus's {@link PicocliCommandLineFactory}
 * (so they get their CDI dependencies) against the tracker this {@code @QuarkusTest} started. Quarkus does
 * not run the picocli main in a {@code @QuarkusTest}, so nothing else executes a command.
 */
@QuarkusTest
class ShellCommandsTest {

    @Inject
    PicocliCommandLineFactory factory;

    @TestHTTPResource("/")
    URL url;

    record Run(int exitCode, String out, String err) {
    }

    Run run(String... args) {
        return runAt(url.toString(), args);
    }

    Run runAt(String trackerUrl, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = CommandLines.create(factory);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of("--url", trackerUrl));
        all.addAll(List.of(args));
        int code = commandLine.execute(all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void shouldPrintAliveWithRttAndExit0WhenThePeerAnswers() {
        String peer = Api.unique("sh-alive");
        Api.register(peer);

        Run run = run("ping", peer);

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).matches(peer + " \\(127\\.0\\.0\\.1:" + Api.server().port() + "\\) is alive, rtt [0-9.]+ ms\\n");
    }

    @Test
    void shouldPrintUnreachableWithTheReasonAndExit1WhenThePeerIsSilent() throws Exception {
        String peer = Api.unique("sh-gone");
        int port;
        try (TestWireServer doomed = new TestWireServer()) {
            port = doomed.port();
            Api.register(peer, port);
        }

        Run run = run("ping", peer);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).startsWith(peer + " (127.0.0.1:" + port + ") is unreachable: ");
    }

    @Test
    void shouldExit4WithOneLineOnStderrForAnUnknownHostname() {
        Run ping = run("ping", "nobody-here");
        Run discover = run("discover", "nobody-here");

        assertThat(ping.exitCode()).isEqualTo(4);
        assertThat(ping.err()).isEqualTo("no peer is registered as 'nobody-here'; list them with `tracker peers` or GET /api/v1/peers\n");
        assertThat(ping.out()).isEmpty();
        assertThat(discover.exitCode()).isEqualTo(4);
    }

    @Test
    void shouldDiscoverLiveWhenThePeerAnswers() throws Exception {
        String peer = Api.unique("sh-live");
        try (TestWireServer server = new TestWireServer()) {
            server.serve(List.of(TestWireServer.file("cat.png", 1536, sha('c'))));
            Api.register(peer, server.port());

            Run run = run("discover", peer);

            assertThat(run.exitCode()).isZero();
            assertThat(run.out()).startsWith("1 file, live from " + peer + "\n")
                    .contains("cat.png").contains("1.5 KiB").contains("cccccccccccc")
                    .doesNotContain("PARTIAL"); // a live LIST does not say; only the registry view has the column
        }
    }

    @Test
    void shouldDiscoverFromTheRegistrySayingWhyWhenThePeerDoesNotAnswer() throws Exception {
        String peer = Api.unique("sh-mute");
        String token;
        try (TestWireServer doomed = new TestWireServer()) {
            token = Api.register(peer, doomed.port());
        }
        Api.announce(peer, token, new FileEntry("notes.txt", 10, sha('e')), new FileEntry("movie.mkv", 10, sha('f'), sha('f'), true));

        Run run = run("discover", peer);

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("2 files, from the registry (" + peer + " did not answer: ");
        assertThat(run.out().lines().toList()).hasSize(4);
        assertThat(run.out().lines().toList().get(1)).matches("NAME +SIZE +SHA256 +PARTIAL");
        assertThat(run.out().lines().filter(line -> line.startsWith("movie.mkv "))).singleElement().asString().endsWith(" yes");
        assertThat(run.out().lines().filter(line -> line.startsWith("notes.txt "))).singleElement().asString().endsWith(" no");
    }

    @Test
    void shouldListPeersAsATable() {
        String peer = Api.unique("sh-peer");
        String token = Api.register(peer);
        Api.announce(peer, token, new FileEntry("a.txt", 1, sha('a')), new FileEntry("b.txt", 1, sha('b')));

        Run run = run("peers");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("HOSTNAME").contains("ADDRESS").contains("LAST SEEN");
        String row = run.out().lines().filter(line -> line.startsWith(peer + " ")).findFirst().orElseThrow();
        assertThat(row).contains("127.0.0.1:" + Api.server().port()).contains("live").contains("ago").endsWith("2");
    }

    @Test
    void shouldListFilesMatchingAPatternWithSizeHashSourcesAndPartialHolders() {
        String stem = Api.unique("shfile");
        Api.peerHolding("sh-src", new FileEntry(stem + ".bin", 3 * 1024 * 1024, sha('d')));
        Api.peerHolding("sh-src", new FileEntry(stem + ".bin", 3 * 1024 * 1024, sha('d')));
        Api.peerHolding("sh-leech", new FileEntry(stem + ".bin", 3 * 1024 * 1024, sha('d'), sha('e'), true));

        Run run = run("files", stem + "*");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines().toList()).hasSize(2);
        assertThat(run.out().lines().toList().getFirst()).matches("NAME +SIZE +SHA256 +SOURCES +PARTIAL");
        assertThat(run.out().lines().toList().get(1)).startsWith(stem + ".bin").contains("3.0 MiB").contains("dddddddddddd")
                .matches(".* 2 +1");
        assertThat(run("files", "no-such-" + stem).out()).isEqualTo("no files match 'no-such-" + stem + "'\n");
    }

    @Test
    void shouldFollowEveryPageOfFilesAndPrintEachRowOnceInOrderUnderOneHeader() {
        // more rows than the shell asks per page (TrackerClient.PAGE): printing them all takes two pages
        String stem = Api.unique("shpages");
        int count = TrackerClient.PAGE + 37;
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            names.add(String.format("%s-%05d.txt", stem, i));
        }
        Api.peerHolding("sh-many", names.stream().map(n -> new FileEntry(n, 1, sha('c'))).toArray(FileEntry[]::new));

        Run run = run("files", stem + "-*");

        assertThat(run.exitCode()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines.getFirst()).matches("NAME +SIZE +SHA256 +SOURCES +PARTIAL");
        assertThat(lines.subList(1, lines.size()).stream().map(line -> line.split(" ")[0]).toList())
                .containsExactlyElementsOf(names);
    }

    @Test
    void shouldExit3WithAHintWhenTheTrackerCannotBeReached() throws Exception {
        String deadUrl = "http://127.0.0.1:" + TestWireServer.closedPort();

        Run run = runAt(deadUrl, "peers");

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).startsWith("cannot reach the tracker at " + deadUrl + ": connection refused")
                .endsWith("; start it with `tracker daemon` or set TRACKER_URL\n");
        assertThat(run.err().lines()).hasSize(1);
    }

    @Test
    void shouldExit2ForBadUsage() {
        Run unknown = run("fetch", "x");
        Run missing = run("ping");
        Run invalid = run("ping", "bad name");

        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("'fetch'").contains("see `help`");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("HOSTNAME").contains("help ping");
        assertThat(invalid.exitCode()).isEqualTo(2);
        assertThat(invalid.err()).contains("only letters, digits");
    }

    @Test
    void shouldPrintHelpListingTheCommands() {
        Run run = run("help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("daemon").contains("peers").contains("files").contains("discover").contains("ping");
    }
}
