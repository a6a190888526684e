package io.peershare.peer.logging;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Without PEERSHARE_LOG_FORMAT the console stays human-readable: one text line per event, not JSON. */
@QuarkusTest
class TextLogFormatTest {

    @Test
    void shouldWriteTextLinesByDefault() {
        String line = ConsoleLog.line("sent cat.png to peer2");

        assertThat(line).doesNotStartWith("{").contains("INFO").contains("sent cat.png to peer2");
    }
}
