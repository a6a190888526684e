package io.peershare.it.deploy;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * bin/peer daemon (bin/lib/launch.sh) and the daemon's AOT cache, run by sh against fake JDKs (a release file and a
 * java that records its arguments): the cache is used only by a Java 25+ and only when the file is there; a Java 21
 * starts without it. A damaged cache handed to the real JVM (when the tests run on 25+) does not stop it and
 * writes nothing to stderr. The shell's class-data sharing archive is made again once the application is newer
 * than it. No daemon is started: the fake java stands in for the Quarkus jar.
 */
class LaunchScriptTest {

    @TempDir
    Path dir;
    private Path home;
    private Path cache;
    private Path arguments;

    @BeforeEach
    void fakeInstall() throws IOException {
        home = dir.resolve("opt");
        Files.createDirectories(home.resolve("peer"));
        Files.writeString(home.resolve("peer/quarkus-run.jar"), "not run: the fake java only records");
        cache = home.resolve("peer/peer-daemon.aot");
        arguments = dir.resolve("arguments.txt");
    }

    @Test
    void shouldUseTheCacheWhenJava25AndTheFileIsThere() throws Exception {
        Files.writeString(cache, "a cache");

        Outcome outcome = daemon(fakeJdk("25.0.1"), Map.of());

        assertThat(outcome.exit()).isZero();
        assertThat(Files.readAllLines(arguments)).contains("-XX:AOTCache=" + cache, "-XX:AOTMode=auto")
                .containsSubsequence("-jar", home.resolve("peer/quarkus-run.jar").toString(), "daemon");
    }

    @Test
    void shouldStartWithoutACacheOnJava21OrWithoutTheFileOrWhenToldNone() throws Exception {
        assertThat(daemon(fakeJdk("25.0.1"), Map.of()).exit()).isZero();
        assertThat(Files.readAllLines(arguments)).noneMatch(a -> a.startsWith("-XX:AOT"));

        Files.writeString(cache, "a cache");
        assertThat(daemon(fakeJdk("21.0.2"), Map.of()).exit()).isZero();
        assertThat(Files.readAllLines(arguments)).noneMatch(a -> a.startsWith("-XX:AOT")).contains("daemon");

        assertThat(daemon(fakeJdk("25.0.1"), Map.of("PEERSHARE_AOT_CACHE", "none")).exit()).isZero();
        assertThat(Files.readAllLines(arguments)).noneMatch(a -> a.startsWith("-XX:AOT"));
    }

    @Test
    void shouldTakeTheCacheNamedByTheEnvironment() throws Exception {
        Path other = dir.resolve("elsewhere.aot");
        Files.writeString(other, "a cache");

        assertThat(daemon(fakeJdk("25.0.1"), Map.of("PEERSHARE_AOT_CACHE", other.toString())).exit()).isZero();

        assertThat(Files.readAllLines(arguments)).contains("-XX:AOTCache=" + other);
    }

    @Test
    void shouldIgnoreADamagedCacheSilentlyOnTheRealJvm() throws Exception {
        assumeTrue(Runtime.version().feature() >= 25, "the AOT cache needs Java 25; these tests run on an older one");
        Files.write(cache, "garbage, not an AOT cache".repeat(4000).getBytes(StandardCharsets.US_ASCII));
        Path realJava = Path.of(System.getProperty("java.home"), "bin", "java");

        Outcome outcome = daemon(fakeJdk("25.0.1"), Map.of("REAL_JAVA", realJava.toString()));

        assertThat(Files.readAllLines(arguments)).contains("-XX:AOTCache=" + cache);
        assertThat(outcome.exit()).isZero();
        assertThat(outcome.output().lines()).allMatch(line -> line.matches("(openjdk|java|OpenJDK|Java).*"));
    }

    @Test
    void shouldMakeTheShellsArchiveAgainWhenTheApplicationIsNewerThanIt() throws Exception {
        Path jar = home.resolve("peer/app/peershare-peer.jar");
        Files.createDirectories(home.resolve("peer/lib/main"));
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "the application");
        Path cds = dir.resolve("cds");
        Files.createDirectories(cds);
        Path archive = cds.resolve("peer-cli.jsa");
        Files.writeString(archive, "an archive made after the jar");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        Files.setLastModifiedTime(home.resolve("peer/lib/main"), FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        Path jdk = fakeJdk("25.0.1");

        assertThat(run(jdk, Map.of("PEERSHARE_CDS_DIR", cds.toString()), "help").exit()).isZero();
        assertThat(archive).as("an archive newer than the application is kept").exists();

        Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        assertThat(run(jdk, Map.of("PEERSHARE_CDS_DIR", cds.toString()), "help").exit()).isZero();
        // The fake java makes no archive: gone means the old one was dropped for a new training run.
        assertThat(archive).as("an archive older than the application is made again").doesNotExist();
        assertThat(Files.readAllLines(arguments)).contains("-XX:SharedArchiveFile=" + archive, "help");
    }

    /** A JDK folder: a release file saying {@code version}, and a java that writes its arguments to a file. */
    private Path fakeJdk(String version) throws IOException {
        Path jdk = dir.resolve("jdk-" + version);
        Files.createDirectories(jdk.resolve("bin"));
        Files.writeString(jdk.resolve("release"), "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"" + version + "\"\n");
        // With REAL_JAVA, the JVM options (not the jar) are handed to a real java running -version.
        executable(jdk.resolve("bin/java"), """
                #!/bin/sh
                printf '%%s\\n' "$@" > '%s'
                [ -n "${REAL_JAVA:-}" ] || exit 0
                opts=""
                for a in "$@"; do case "$a" in -XX:*|-Xlog:*) opts="$opts $a" ;; esac; done
                exec "$REAL_JAVA" $opts -version
                """.formatted(arguments));
        return jdk;
    }

    private Outcome daemon(Path jdk, Map<String, String> env) throws Exception {
        return run(jdk, env, "daemon");
    }

    private Outcome run(Path jdk, Map<String, String> env, String command) throws Exception {
        ProcessBuilder sh = new ProcessBuilder(List.of("sh", Repository.root().resolve("bin/peer").toString(), command))
                .directory(dir.toFile()).redirectErrorStream(true);
        sh.environment().clear();
        sh.environment().put("PATH", "/usr/bin:/bin");
        sh.environment().put("JAVA_HOME", jdk.toString());
        sh.environment().put("PEERSHARE_HOME", home.toString());
        sh.environment().putAll(env);
        Process process = sh.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("bin/peer finished").isTrue();
        return new Outcome(process.exitValue(), output.strip());
    }

    private record Outcome(int exit, String output) {
    }

    private static void executable(Path file, String script) throws IOException {
        Files.writeString(file, script);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
