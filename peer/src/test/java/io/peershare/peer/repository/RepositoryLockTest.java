package io.peershare.peer.repository;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RepositoryLockTest {

    @TempDir
    Path dir;

    /** The second daemon on a folder, started as its own process (as a second `peer daemon` would be). */
    public static void main(String[] args) throws Exception {
        try (RepositoryLock lock = RepositoryLock.acquire(Path.of(args[0]))) {
            System.out.println("locked");
            System.out.flush();
            System.in.read(); // held until the test closes our stdin
        } catch (RepositoryLock.RepositoryLockedException e) {
            System.out.println(e.getMessage());
            System.exit(3);
        }
    }

    private static Process other(Path root) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                RepositoryLockTest.class.getName(), root.toString())).redirectErrorStream(true).start();
    }

    private static String firstLine(Process process) throws IOException {
        return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
    }

    @Test
    void shouldRefuseASecondDaemonOnTheSameRepositoryNamingItAndTheHolder() throws Exception {
        Path root = dir.resolve("repo");
        try (RepositoryLock held = RepositoryLock.acquire(root)) {
            Process second = other(root);
            assertThat(second.waitFor(60, TimeUnit.SECONDS)).as("the second daemon gave up at once").isTrue();
            assertThat(second.exitValue()).isEqualTo(3);
            assertThat(firstLine(second)).isEqualTo("repository " + root + " is in use by another peer daemon (pid "
                    + ProcessHandle.current().pid() + "); stop that daemon or give this one another folder (PEER_REPOSITORY)");
        }
        Process after = other(root);
        try {
            assertThat(firstLine(after)).as("free again once the first one stopped").isEqualTo("locked");
            assertThatThrownBy(() -> RepositoryLock.acquire(root))
                    .isInstanceOf(RepositoryLock.RepositoryLockedException.class)
                    .hasMessageContaining("(pid " + after.pid() + ")");
        } finally {
            after.getOutputStream().close();
            assertThat(after.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        RepositoryLock.acquire(root).close(); // a lock dies with its process: no stale lock after the holder exits
    }

    @Test
    void shouldRefuseASecondLockInTheSameProcess() throws IOException {
        Path root = dir.resolve("repo");
        try (RepositoryLock held = RepositoryLock.acquire(root)) {
            assertThatThrownBy(() -> RepositoryLock.acquire(root)).hasMessageStartingWith("repository " + root + " is in use");
        }
    }
}
