package io.peershare.peer.shell;

import io.peershare.peer.control.ControlClient;
import io.peershare.peer.control.ControlSecretFile;
import io.peershare.peer.testing.ControlAuth;
import io.peershare.peer.repository.FileHasher;
import io.peershare.peer.repository.Repository;
import io.peershare.peer.server.FileServer;
import io.peershare.peer.server.ServerSettings;
import io.peershare.peer.testing.FakeTrackerResource;
import io.peershare.peer.testing.TestFiles;
import io.peershare.protocol.Sha256;
import io.peershare.protocol.api.FileSources;
import io.peershare.protocol.api.Source;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@WithTestResource(FakeTrackerResource.class)
class ShellCommandTest {

    @TempDir
    Path dir;

    /** What one shell invocation printed, and its exit code. */
    record Run(int exitCode, String out, String err) {
    }

    /** Runs a command as bin/peer does: through QuickShell's factory, without the Quarkus runtime's CDI. */
    private Run run(ControlClient control, String... args) {
        CommandLine.IFactory factory = new QuickShell.Factory(control);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = new CommandLine(PeerCommand.class, factory);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private Run run(String... args) {
        ControlAuth.secret(); // the daemon has written it
        return run(new ControlClient(URI.create("http://127.0.0.1:" + RestAssured.port),
                new ControlSecretFile(ControlAuth.file().orElseThrow())), args);
    }

    @Test
    void shouldPublishListAndShowStatus() throws IOException {
        String name = "shell-" + UUID.randomUUID() + ".txt";
        Path file = Files.writeString(dir.resolve("local.txt"), "published from the shell");

        Run published = run("publish", file.toString(), name);
        assertThat(published.exitCode()).as(published.err()).isZero();
        assertThat(published.out()).startsWith("published " + name + " (24 B, sha256 ");

        assertThat(run("publish", file.toString(), name).out()).contains("already published with the same content");

        Run list = run("list");
        assertThat(list.exitCode()).isZero();
        assertThat(list.out()).contains(name);

        Run status = run("status");
        assertThat(status.exitCode()).isZero();
        assertThat(status.out()).contains("hostname:   test-peer");
    }

    @Test
    void shouldExitTwoOnBadInput() {
        Run missing = run("publish", dir.resolve("missing.txt").toString(), "m.txt");
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).startsWith("no such file: ");

        Run badName = run("publish", "x", "a/b");
        assertThat(badName.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badName.err()).contains("path separator");

        assertThat(run("frobnicate").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run("fetch", "x", "--sha256", "abc").exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void shouldExitThreeWhenTheDaemonIsNotRunning() {
        Run run = run(ControlClient.forPort(9), "list");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(run.err().strip()).isEqualTo(
                "cannot reach the peer daemon on 127.0.0.1:9: connection refused; start it with `peer daemon`");
    }

    @Test
    void shouldFetchFromAnotherPeerAndSayWhereFrom() throws IOException {
        Path source = TestFiles.random(dir.resolve("cat.png"), 200_000, 7);
        Sha256 sha = TestFiles.sha256(source);
        Repository other = Repository.open(dir.resolve("other"), new FileHasher());
        other.publish(source, "cat.png", false);
        try (FileServer server = new FileServer(other, ServerSettings.of("127.0.0.1", 0, 4, Duration.ofSeconds(5)))) {
            server.start();
            String name = "cat-" + UUID.randomUUID() + ".png";
            String root = other.publish(source, name, false).entry().manifest().hex();
            FakeTrackerResource.tracker().sources.put(name, List.of(new FileSources(name, 200_000, sha.hex(), root, 1, 0,
                    List.of(new Source("peer2", "127.0.0.1", server.port())))));

            Run fetched = run("fetch", name);
            assertThat(fetched.exitCode()).as(fetched.err()).isZero();
            assertThat(fetched.out()).matches("fetched " + name + " \\(195\\.3 KiB\\) from 1 source \\(peer2 195\\.3 KiB\\) in "
                    + "\\d+\\.\\d\\d s, sha256 " + sha.hex().substring(0, 12) + "…, verified\\s*");

            // The fetcher is now a source: its tracker session announced the new file.
            org.awaitility.Awaitility.await().until(() -> FakeTrackerResource.tracker().announcements.stream()
                    .flatMap(a -> a.files().stream()).anyMatch(f -> f.name().equals(name) && f.sha256().equals(sha.hex())));

            Run again = run("fetch", name, "--quiet");
            assertThat(again.exitCode()).isZero();
            assertThat(again.out()).contains("already here");
        }
    }

    @Test
    void shouldExitFourForAnUnknownFileAndOneForAmbiguousContent() {
        Run unknown = run("fetch", "never-offered.bin");
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(unknown.err()).contains("no peer offers it");

        String name = "twice-" + UUID.randomUUID();
        FakeTrackerResource.tracker().sources.put(name, List.of(
                new FileSources(name, 1, "a".repeat(64), List.of(new Source("p1", "127.0.0.1", 2))),
                new FileSources(name, 2, "b".repeat(64), List.of(new Source("p2", "127.0.0.1", 3)))));
        Run ambiguous = run("fetch", name);
        assertThat(ambiguous.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(ambiguous.err()).contains("choose one with --sha256");
    }

    @Test
    void shouldPrintHelp() {
        Run help = run("help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("publish").contains("fetch").contains("list").contains("status").contains("daemon");
    }

    @Test
    void shouldTakeTheControlPortFromThePropertyThenTheEnvironmentAndRefuseAnythingElse() {
        assertThat(QuickShell.controlPort(null, null)).isEqualTo(7071);
        assertThat(QuickShell.controlPort(null, "7101")).isEqualTo(7101);
        assertThat(QuickShell.controlPort("7202", "7101")).isEqualTo(7202);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> QuickShell.controlPort(null, "seventy"))
                .hasMessage("PEER_CONTROL_PORT must be a port number (1-65535), not 'seventy'; "
                        + "set it to the port of your peer daemon's control API");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> QuickShell.controlPort("0", null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldSayWhereTheSecretIsWhenTheShellCannotReadIt() {
        Path missing = dir.resolve("no-such.secret");
        Run run = run(new ControlClient(URI.create("http://127.0.0.1:" + RestAssured.port), new ControlSecretFile(missing)),
                "list");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err().strip()).startsWith("send the control API's secret")
                .contains(ControlAuth.file().orElseThrow().toString())
                .endsWith("the shell could not read it: " + missing + " does not exist (is the daemon running, with this PEER_CONTROL_PORT?)");
        assertThat(run.err().strip().lines().count()).isEqualTo(1);
    }

    @Test
    void shouldTakeTheSecretFileFromThePropertyThenTheEnvironmentElseFromThePort() {
        assertThat(ControlSecretFile.of(QuickShell.firstSet(null, null), 7101).path())
                .isEqualTo(Path.of(System.getProperty("user.home"), ".peershare", "control-7101.secret"));
        assertThat(ControlSecretFile.of(QuickShell.firstSet(null, "/run/p.secret"), 7101).path()).isEqualTo(Path.of("/run/p.secret"));
        assertThat(ControlSecretFile.of(QuickShell.firstSet("/a.secret", "/run/p.secret"), 7101).path()).isEqualTo(Path.of("/a.secret"));
    }

    @Test
    void shouldSayTheDaemonIsStartedElsewhereInsteadOfHanging() {
        Run daemon = run("daemon");
        assertThat(daemon.exitCode()).isEqualTo(ExitCodes.USAGE);
    }
}
