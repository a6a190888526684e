package io.peershare.tracker.shell;

import io.peershare.protocol.api.FileEntry;
import io.peershare.protocol.api.RegisterResponse;
import io.peershare.protocol.api.TestPeerKey;
import io.peershare.tracker.Api;
import io.peershare.tracker.TestWireServer;
import io.peershare.tracker.registry.Registry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.peershare.tracker.Api.sha;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shell as bin/tracker runs it: {@link QuickShell}'s command line (no CDI, a plain ObjectMapper) against
 * the tracker this {@code @QuarkusTest} started. {@link ShellCommandsTest} runs the same commands through
 * Quarkus's factory; here what differs is checked: the factory, the JSON mapper, the default URL, the errors.
 */
@QuarkusTest
class QuickShellTest {

    @TestHTTPResource("/")
    URL url;

    @Inject
    Registry registry;

    record Run(int exitCode, String out, String err) {
    }

    /** Runs one command as QuickShell.main does, with TRACKER_URL = {@code trackerUrl}. */
    static Run runAt(String trackerUrl, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = QuickShell.commandLine(QuickShell.configuredUrl(null, trackerUrl));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    Run run(String... args) {
        return runAt(url.toString(), args);
    }

    @Test
    void shouldPrintHelpListingTheCommands() {
        Run run = run("help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Usage: tracker [-hV] [--url=URL] [COMMAND]")
                .contains("daemon").contains("peers").contains("files").contains("discover").contains("ping");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void shouldListPeersOfEveryPageOnceUnderOneHeader() {
        // more peers than the shell asks per page: straight into the registry (signatures are not what is tested)
        String stem = Api.unique("qs-peer");
        TestPeerKey key = TestPeerKey.generate();
        Map<String, String> tokens = new LinkedHashMap<>();
        try {
            for (int i = 0; i < TrackerClient.PAGE + 3; i++) {
                String hostname = String.format("%s-%05d", stem, i);
                RegisterResponse registered = registry.register(key.register(hostname, "127.0.0.1", 7000, null, Api.now()));
                tokens.put(hostname, registered.token());
            }
            registry.replaceFiles(stem + "-00000", tokens.get(stem + "-00000"),
                    List.of(new FileEntry("a.txt", 1, sha('a')), new FileEntry("b.txt", 1, sha('b'))));

            Run run = run("peers");

            assertThat(run.exitCode()).as(run.err()).isZero();
            List<String> lines = run.out().lines().toList();
            assertThat(lines.getFirst()).matches("HOSTNAME +ADDRESS +STATE +LAST SEEN +FILES");
            assertThat(lines.stream().filter(line -> line.startsWith("HOSTNAME"))).hasSize(1);
            assertThat(lines.stream().map(line -> line.split(" ")[0]).filter(tokens::containsKey).toList())
                    .containsExactlyElementsOf(tokens.keySet());
            assertThat(lines.stream().filter(line -> line.startsWith(stem + "-00000 "))).singleElement().asString()
                    .contains("127.0.0.1:7000").contains("live").contains("ago").endsWith("2");
        } finally {
            tokens.forEach(registry::unregister); // other tests walk every peer
        }
    }

    @Test
    void shouldListFilesWithSourcesAndSayWhenNoneMatch() {
        String stem = Api.unique("qsfile");
        Api.peerHolding("qs-src", new FileEntry(stem + ".bin", 3 * 1024 * 1024, sha('d')));
        Api.peerHolding("qs-leech", new FileEntry(stem + ".bin", 3 * 1024 * 1024, sha('d'), sha('e'), true));

        Run run = run("files", stem + "*");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines().toList()).hasSize(2);
        assertThat(run.out().lines().toList().getFirst()).matches("NAME +SIZE +SHA256 +SOURCES +PARTIAL");
        assertThat(run.out().lines().toList().get(1)).startsWith(stem + ".bin").contains("3.0 MiB").contains("dddddddddddd")
                .matches(".* 1 +1");
        assertThat(run("files", "no-such-" + stem).out()).isEqualTo("no files match 'no-such-" + stem + "'\n");
    }

    @Test
    void shouldExit3WithOneLineWhenTheTrackerCannotBeReached() throws Exception {
        String deadUrl = "http://127.0.0.1:" + TestWireServer.closedPort();

        Run run = runAt(deadUrl, "peers");

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).isEqualTo("cannot reach the tracker at " + deadUrl
                + ": connection refused; start it with `tracker daemon` or set TRACKER_URL\n");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void shouldExit2WithOneLineForBadUsage() {
        Run unknown = run("fetch", "x");
        Run extra = run("peers", "extra");
        Run badUrl = run("--url", "ftp://x", "peers");
        Run daemon = run("daemon");

        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).isEqualTo("Unmatched arguments from index 0: 'fetch', 'x'; see `help`\n");
        assertThat(extra.exitCode()).isEqualTo(2);
        assertThat(extra.err()).isEqualTo("Unmatched argument at index 1: 'extra'; see `help peers`\n");
        assertThat(badUrl.exitCode()).isEqualTo(2);
        assertThat(badUrl.err()).isEqualTo("invalid tracker URL 'ftp://x'; give one like http://127.0.0.1:8080 with --url or TRACKER_URL\n");
        assertThat(daemon.exitCode()).isEqualTo(2);
        assertThat(daemon.err()).startsWith("the daemon cannot run in the cli profile; start it with `tracker daemon`");
    }

    @Test
    void shouldExit4ForAnUnknownHostname() {
        Run ping = run("ping", "nobody-here");

        assertThat(ping.exitCode()).isEqualTo(4);
        assertThat(ping.err()).isEqualTo("no peer is registered as 'nobody-here'; list them with `tracker peers` or GET /api/v1/peers\n");
    }

    @Test
    void shouldTakeTheUrlFromThePropertyThenTheEnvironmentThenTheDefault() {
        assertThat(QuickShell.configuredUrl("http://a:1", "http://b:2")).isEqualTo("http://a:1");
        assertThat(QuickShell.configuredUrl(" ", "http://b:2")).isEqualTo("http://b:2");
        assertThat(QuickShell.configuredUrl(null, null)).isEqualTo("http://127.0.0.1:8080");
    }
}
