package io.peershare.peer.repository;

import java.nio.file.Files;
import java.nio.file.Path;

/** Checks a local path given to publish, with one clear line per way it can be wrong. */
final class LocalFile {

    private LocalFile() {
    }

    static void check(Path path) {
        if (path == null) {
            throw invalid("no local file given; say which file to publish");
        }
        if (!path.isAbsolute()) {
            throw invalid("local path " + path + " is not absolute; the shell resolves it against your working folder");
        }
        if (!Files.exists(path)) {
            throw invalid("no such file: " + path);
        }
        if (Files.isDirectory(path)) {
            throw invalid(path + " is a folder; publish one file at a time");
        }
        if (!Files.isRegularFile(path)) {
            throw invalid(path + " is not a regular file (a device or a pipe?); publish a regular file");
        }
        if (!Files.isReadable(path)) {
            throw invalid("cannot read " + path + ": permission denied");
        }
    }

    /** Protocol version 2 cuts files into at most 2^22 pieces of 1 MiB: 4 TiB. */
    static void checkSize(Path path) {
        long size;
        try {
            size = Files.size(path);
        } catch (java.io.IOException e) {
            throw invalid("cannot read " + path + ": " + e.getMessage());
        }
        if (!io.peershare.protocol.PieceManifest.fits(size)) {
            throw invalid(path + " is " + size + " bytes; peershare shares files of up to 4 TiB");
        }
    }

    private static RepositoryException invalid(String message) {
        return new RepositoryException(RepositoryException.Kind.INVALID_INPUT, message);
    }
}
