package io.peershare.it.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A tracker or peer daemon started from its built jar as a real OS process, logging to a file. */
final class DaemonProcess implements AutoCloseable {

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path log;
    private Process process;

    DaemonProcess(String name, Path jar, Map<String, String> environment, Path log) {
        this.name = name;
        this.command = List.of(javaExecutable(), "-Xmx256m", "-jar", jar.toString(), "daemon");
        this.environment = Map.copyOf(environment);
        this.log = log;
    }

    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    DaemonProcess start() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command));
        builder.environment().putAll(environment);
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        process = builder.start();
        return this;
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** SIGTERM, as an operator's stop does; waits for the clean shutdown. */
    void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** SIGKILL: the process dies without any chance to clean up. */
    void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return name + " log:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return name + " log unreadable: " + e.getMessage();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
