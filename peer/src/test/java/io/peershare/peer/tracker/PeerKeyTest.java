package io.peershare.peer.tracker;

import io.peershare.protocol.api.RegisterRequest;
import io.peershare.protocol.api.RegisterSignature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PeerKeyTest {

    @TempDir
    Path dir;

    @Test
    void shouldMakeAKeyOnFirstStartAndKeepItForEver() throws IOException {
        Path file = dir.resolve("repo/.peershare/identity.key");

        PeerKey first = PeerKey.loadOrCreate(file);
        PeerKey again = PeerKey.loadOrCreate(file);

        assertThat(again.publicKey()).isEqualTo(first.publicKey());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (var siblings = Files.list(file.getParent())) {
            assertThat(siblings).as("no temp file left").containsExactly(file);
        }
        RegisterRequest signed = again.sign("peer1", "127.0.0.1", 7070, null);
        assertThat(RegisterSignature.verify(RegisterSignature.publicKey(first.publicKey()), signed)).isTrue();
    }

    @Test
    void shouldSignEachRegistrationWithANewerTimestamp() throws IOException {
        PeerKey key = PeerKey.loadOrCreate(dir.resolve("identity.key"));

        long previous = 0;
        for (int i = 0; i < 50; i++) {
            long stamp = key.sign("peer1", "127.0.0.1", 7070, null).timestamp();
            assertThat(stamp).isGreaterThan(previous);
            previous = stamp;
        }
    }

    @Test
    void shouldMakeAKeyReadableByOthersOwnerOnlyAgain() throws IOException {
        Path file = dir.resolve("identity.key");
        PeerKey.loadOrCreate(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        PeerKey.loadOrCreate(file);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void shouldRefuseADamagedKeyWithALineSayingWhatToDo() throws IOException {
        Path file = dir.resolve("identity.key");
        Files.writeString(file, "public=AAAA\n");

        assertThatThrownBy(() -> PeerKey.loadOrCreate(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("is damaged").hasMessageContaining("delete it to make a new key");
    }
}
