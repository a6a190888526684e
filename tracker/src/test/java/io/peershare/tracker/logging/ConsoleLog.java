package io.peershare.tracker.logging;

import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.handlers.ConsoleHandler;

import java.util.Arrays;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.stream.Stream;

/** The console handler Quarkus set up for the running application, and what it makes of one log event. */
final class ConsoleLog {

    private ConsoleLog() {
    }

    /** One event as the console would print it, formatted by the console handler's own formatter. */
    static String line(String message) {
        LogRecord event = new LogRecord(Level.INFO, message);
        event.setLoggerName("io.peershare.tracker.registry.Registry");
        return formatter().format(event);
    }

    private static Formatter formatter() {
        return handlers(LogManager.getLogManager().getLogger("").getHandlers())
                .filter(ConsoleHandler.class::isInstance)
                .findFirst().orElseThrow(() -> new AssertionError("no console handler under the root logger"))
                .getFormatter();
    }

    /** Quarkus wraps its handlers (a delayed handler in front of console, file ...): every level of them. */
    private static Stream<Handler> handlers(Handler[] handlers) {
        return Arrays.stream(handlers).flatMap(h -> h instanceof ExtHandler ext
                ? Stream.concat(Stream.of(h), handlers(ext.getHandlers()))
                : Stream.of(h));
    }
}
