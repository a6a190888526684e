package io.peershare.peer.shell;

import io.peershare.peer.Bytes;
import io.peershare.peer.control.FetchStatus;

import java.io.PrintWriter;
import java.util.Locale;

/** One status line rewritten in place with a carriage return: done/total, pieces, sources, rate, time left. */
final class ProgressLine {

    private final PrintWriter out;
    private final boolean enabled;
    private int lastWidth;

    ProgressLine(PrintWriter out, boolean enabled) {
        this.out = out;
        this.enabled = enabled;
    }

    void show(FetchStatus status, long startedNanos) {
        if (!enabled) {
            return;
        }
        double seconds = Math.max(1e-3, (System.nanoTime() - startedNanos) / 1e9);
        double rate = status.bytesDone() / seconds;
        StringBuilder text = new StringBuilder(status.state().toLowerCase(Locale.ROOT)).append(' ').append(status.name());
        if (status.totalBytes() > 0) {
            text.append(String.format(Locale.ROOT, "  %3d%%  %s / %s", status.bytesDone() * 100 / status.totalBytes(),
                    Bytes.format(status.bytesDone()), Bytes.format(status.totalBytes())));
        }
        if (status.pieces() > 0) {
            text.append(String.format(Locale.ROOT, "  %d/%d pieces", status.piecesDone(), status.pieces()));
        }
        if (status.sources() > 0) {
            text.append("  ").append(status.sources()).append(status.sources() == 1 ? " source" : " sources");
        }
        if (status.totalBytes() > 0 && rate > 0) {
            long left = status.totalBytes() - status.bytesDone();
            text.append("  ").append(Bytes.format((long) rate)).append("/s  ").append(Bytes.seconds(left / rate)).append(" left");
        }
        print(text.toString());
    }

    void clear() {
        if (enabled && lastWidth > 0) {
            print("");
        }
    }

    private void print(String text) {
        String padded = text.length() < lastWidth ? text + " ".repeat(lastWidth - text.length()) : text;
        out.print("\r" + padded + (text.isEmpty() ? "\r" : ""));
        out.flush();
        lastWidth = text.length();
    }
}
