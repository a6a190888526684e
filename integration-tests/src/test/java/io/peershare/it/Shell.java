package io.peershare.it;

import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.ExecConfig;
import org.testcontainers.containers.GenericContainer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code docker exec} of a shell command in a container, with a deadline, as a user runs it. */
public final class Shell {

    /** Longest any single command may run; a hung command fails the test instead of hanging the run. */
    static final int DEADLINE_SECONDS = 240;

    /** A JVM tuned for short runs: the shells are one-shot JVMs. */
    private static final Map<String, String> ENV = Map.of(
            "JAVA_OPTS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto");

    private Shell() {
    }

    /** What a command printed and its exit code. */
    public record Result(String command, int exitCode, String stdout, String stderr) {

        /** stdout and stderr together, for assertions on the message whichever stream it went to. */
        public String output() {
            return stdout + stderr;
        }

        @Override
        public String toString() {
            return "`" + command + "` exited " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    /** Runs {@code <program> <args>} (e.g. {@code peer fetch x}) in the container. */
    static Result run(GenericContainer<?> container, String program, String... args) {
        List<String> command = new ArrayList<>(List.of("timeout", "--kill-after=5", String.valueOf(DEADLINE_SECONDS), program));
        command.addAll(List.of(args));
        return exec(container, null, command, program + " " + String.join(" ", args));
    }

    static Result bash(GenericContainer<?> container, String user, String script) {
        return exec(container, user, List.of("timeout", "--kill-after=5", String.valueOf(DEADLINE_SECONDS), "bash", "-c", script), script);
    }

    private static Result exec(GenericContainer<?> container, String user, List<String> command, String shown) {
        ExecConfig.ExecConfigBuilder config = ExecConfig.builder().command(command.toArray(String[]::new)).envVars(ENV);
        if (user != null) {
            config.user(user);
        }
        try {
            ExecResult result = container.execInContainer(config.build());
            return new Result(shown, result.getExitCode(), result.getStdout(), result.getStderr());
        } catch (IOException e) {
            throw new IllegalStateException("docker exec of `" + shown + "` failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running `" + shown + "`", e);
        }
    }
}
