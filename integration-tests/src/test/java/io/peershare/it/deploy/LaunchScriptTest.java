package io.peershare.it.deploy;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * writes nothing to stderr. No daemon is started: the fake java stands in for the Quarkus jar.
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
        ProcessBuilder sh = new ProcessBuilder(List.of("sh", Repository.root().resolve("bin/peer").toString(), "daemon"))
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
