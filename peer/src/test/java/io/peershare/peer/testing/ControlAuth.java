package io.peershare.peer.testing;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.awaitility.Awaitility.await;

/** The test daemon's control API secret (peer.control-secret-file of the %test profile), and requests that carry it. */
public final class ControlAuth {

    private ControlAuth() {
    }

    /** The secret file the test daemon writes; empty when the build has no such key. */
    public static Optional<Path> file() {
        return ConfigProvider.getConfig().getOptionalValue("peer.control-secret-file", String.class)
                .map(p -> Path.of(p).toAbsolutePath().normalize());
    }

    /** The secret, once the daemon has written it (it does so when its HTTP server listens). */
    public static String secret() {
        Optional<Path> file = file();
        if (file.isEmpty()) {
            return "none";
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(file.get()));
        try {
            return Files.readString(file.get()).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String header() {
        return "Bearer " + secret();
    }

    /** RestAssured's given(), authenticated. */
    public static RequestSpecification given() {
        return RestAssured.given().header("Authorization", header());
    }
}
