package io.peershare.tracker.shell;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FormatTest {

    @Test
    void shouldWriteHumanReadableSizes() {
        assertThat(Format.size(0)).isEqualTo("0 B");
        assertThat(Format.size(1023)).isEqualTo("1023 B");
        assertThat(Format.size(1536)).isEqualTo("1.5 KiB");
        assertThat(Format.size(5L * 1024 * 1024 * 1024)).isEqualTo("5.0 GiB");
        assertThat(Format.size(Long.MAX_VALUE)).isEqualTo("8.0 EiB");
    }

    @Test
    void shouldWriteAgoInTheLargestUsefulUnits() {
        Instant now = Instant.parse("2026-01-01T12:00:00Z");
        assertThat(Format.ago(now.minusSeconds(3), now)).isEqualTo("3s ago");
        assertThat(Format.ago(now.minusSeconds(125), now)).isEqualTo("2m 5s ago");
        assertThat(Format.ago(now.minusSeconds(3 * 3600 + 120), now)).isEqualTo("3h 2m ago");
        assertThat(Format.ago(now.plusSeconds(5), now)).isEqualTo("0s ago");
    }

    @Test
    void shouldAlignTableColumns() {
        String table = Format.table(List.of("A", "BB"), List.of(List.of("long-value", "x"), List.of("s", "yy")));

        assertThat(table).isEqualTo("""
                A           BB
                long-value  x
                s           yy
                """);
    }

    @Test
    void shouldPrintAStreamedTableOnePageAtATimeUnderOneHeaderSizedByTheFirstPage() {
        java.io.StringWriter text = new java.io.StringWriter();
        Format.Streamed table = new Format.Streamed(List.of("A", "BB"), new java.io.PrintWriter(text));

        assertThat(table.any()).isFalse();
        table.print(List.of());
        table.print(List.of(List.of("abc", "x")));
        table.print(List.of(List.of("longer-value", "y"), List.of("s", "z")));

        assertThat(table.any()).isTrue();
        assertThat(text.toString()).isEqualTo("""
                A    BB
                abc  x
                longer-value  y
                s    z
                """);
    }
}
