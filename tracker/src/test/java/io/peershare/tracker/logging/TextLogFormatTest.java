package io.peershare.tracker.logging;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Without PEERSHARE_LOG_FORMAT the console stays human-readable: one text line per event, not JSON. */
@QuarkusTest
class TextLogFormatTest {

    @Test
    void shouldWriteTextLinesByDefault() {
        String line = ConsoleLog.line("peer p1 registered");

        assertThat(line).doesNotStartWith("{").contains("INFO").contains("peer p1 registered");
    }
}
