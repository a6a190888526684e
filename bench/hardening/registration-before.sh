#!/bin/sh
# Reproduces the registration attacks of issue 7 on the code BEFORE the identity rule (commit b0233b1):
# takes over a name silent past the TTL, makes the tracker connect to a port and echo what answered,
# and floods registrations with no limit. On the fixed code the same test does not compile (registrations
# must be signed); the fixed behaviour is checked by PeersResourceTest, RegistrationTest, InMemoryRegistryTest.
#   bench/hardening/registration-before.sh [base-commit]
# Runs in a throwaway worktree under /tmp; only 127.0.0.1 is contacted.
set -eu
BASE=${1:-b0233b1}
REPO=$(CDPATH= cd -- "$(dirname -- "$0")/../.." && pwd)
WT=$(mktemp -d /tmp/peershare-before-XXXXXX)
trap 'git -C "$REPO" worktree remove --force "$WT" >/dev/null 2>&1 || true' EXIT
git -C "$REPO" worktree add --detach "$WT" "$BASE" >/dev/null
mkdir -p "$WT/tracker/src/test/java/io/peershare/tracker/api"
cat > "$WT/tracker/src/test/java/io/peershare/tracker/api/BeforeRegistrationAttacksTest.java" <<'JAVA'
package io.peershare.tracker.api;

import io.peershare.protocol.api.RegisterRequest;
import io.peershare.tracker.Api;
import io.peershare.tracker.MutableClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;

import static io.restassured.RestAssured.given;

@QuarkusTest
class BeforeRegistrationAttacksTest {
    @Inject MutableClock clock;

    @Test
    void before() throws Exception {
        String owner = Api.unique("victim");
        Api.register(owner);
        clock.advance(Duration.ofSeconds(16));
        var r = given().contentType(ContentType.JSON)
                .body(new RegisterRequest(owner, "127.0.0.1", Api.server().port(), null)).post("/api/v1/peers");
        System.out.println("BEFORE take-over after TTL: " + r.statusCode());
        try (ServerSocket ssh = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (var s = ssh.accept()) {
                    s.getOutputStream().write("SSH-2.0-OpenSSH_9.6\r\n".getBytes());
                    s.getOutputStream().flush();
                    Thread.sleep(300);
                } catch (Exception e) {
                    // done
                }
            });
            var scan = given().contentType(ContentType.JSON)
                    .body(new RegisterRequest(Api.unique("scan"), "127.0.0.1", ssh.getLocalPort(), null)).post("/api/v1/peers");
            System.out.println("BEFORE port scan: " + scan.statusCode() + " " + scan.body().asString());
        }
        int ok = 0;
        for (int i = 0; i < 300; i++) {
            ok += given().contentType(ContentType.JSON)
                    .body(new RegisterRequest(Api.unique("flood"), "127.0.0.1", Api.server().port(), null))
                    .post("/api/v1/peers").statusCode() == 201 ? 1 : 0;
        }
        System.out.println("BEFORE flood registrations accepted: " + ok + "/300");
    }
}
JAVA
cd "$WT"
./mvnw -B -o -q test -pl protocol,tracker -Dtest=BeforeRegistrationAttacksTest -Dsurefire.failIfNoSpecifiedTests=false 2>&1 \
    | grep '^BEFORE' || true
