package io.peershare.it.deploy;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ps_ensure_jdk (deploy/lib/common.sh), which deploy/up.sh, deploy/test.sh and so .ci/run use to find the JDK 21+
 * Maven needs, run by bash against fake JDKs (a javac that prints its version): it takes a recent enough
 * JAVA_HOME, else the newest JDK 21+ of the searched folders, never an older one, and with none it stops with
 * one line naming what to install. No Docker; the install path (root on Debian) is never reached: `id` says
 * the user is not root.
 */
class JdkDiscoveryTest {

    @TempDir
    Path dir;
    private Path jvms;
    private Path shims;

    @BeforeEach
    void fakeJdks() throws IOException {
        jvms = dir.resolve("jvm");
        for (String version : new String[] {"1.8.0_402", "17.0.9", "21.0.2", "25.0.1"}) {
            fakeJdk(jvms.resolve("jdk-" + version), version);
        }
        // The javac first on PATH is a 17 (as on Debian 12 and our machines), and the user is not root.
        shims = dir.resolve("shims");
        Files.createDirectories(shims);
        executable(shims.resolve("javac"), "#!/bin/sh\necho 'javac 17.0.9' >&2\n");
        executable(shims.resolve("id"), "#!/bin/sh\ncase \"$1\" in -u) echo 1000;; *) echo alice;; esac\n");
    }

    @Test
    void shouldTakeTheNewestJdk21OrLaterWhenJavaHomeIsUnsetOrTooOld() throws Exception {
        assertThat(ensureJdk(Map.of())).isEqualTo(new Outcome(0, "JAVA_HOME=" + jvms.resolve("jdk-25.0.1")));
        assertThat(ensureJdk(Map.of("JAVA_HOME", jvms.resolve("jdk-17.0.9").toString())))
                .isEqualTo(new Outcome(0, "JAVA_HOME=" + jvms.resolve("jdk-25.0.1")));
    }

    @Test
    void shouldKeepAJavaHomeThatIsRecentEnough() throws Exception {
        assertThat(ensureJdk(Map.of("JAVA_HOME", jvms.resolve("jdk-21.0.2").toString())))
                .isEqualTo(new Outcome(0, "JAVA_HOME=" + jvms.resolve("jdk-21.0.2")));
    }

    @Test
    void shouldSayInOneLineWhatToInstallWhenNoJdk21IsThere() throws Exception {
        Path old = dir.resolve("old");
        fakeJdk(old.resolve("jdk-17"), "17.0.9");

        Outcome outcome = ensureJdk(Map.of("PS_JDK_DIRS", old.toString()));

        assertThat(outcome.exit()).isEqualTo(1);
        assertThat(outcome.output().lines()).hasSize(1).first().asString()
                .contains("no JDK 21+ found").contains("JAVA_HOME").containsPattern("install|apt-get");
    }

    private Outcome ensureJdk(Map<String, String> env) throws Exception {
        ProcessBuilder bash = new ProcessBuilder("bash", "-c",
                "source deploy/lib/common.sh && ps_ensure_jdk && echo \"JAVA_HOME=$JAVA_HOME\"")
                .directory(Repository.root().toFile()).redirectErrorStream(true);
        bash.environment().clear();
        bash.environment().put("PATH", shims + ":/usr/bin:/bin");
        bash.environment().put("PS_JDK_DIRS", jvms.toString());
        bash.environment().putAll(env);
        Process process = bash.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("bash finished").isTrue();
        // ps_log stamps its lines with the time: not part of what is checked.
        return new Outcome(process.exitValue(), output.strip().replaceAll("(?m)^\\[\\d\\d:\\d\\d:\\d\\d] ", ""));
    }

    private record Outcome(int exit, String output) {
    }

    private static void fakeJdk(Path home, String version) throws IOException {
        Files.createDirectories(home.resolve("bin"));
        executable(home.resolve("bin/javac"), "#!/bin/sh\necho 'javac " + version + "' >&2\n");
    }

    private static void executable(Path file, String script) throws IOException {
        Files.writeString(file, script);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
