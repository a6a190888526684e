package io.peershare.tracker.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Slowloris: hundreds of connections that send a request line and then one header byte at a time, never
 * finishing. A real request must still be answered, and the tracker must close every trickling connection
 * once its request deadline ({@code tracker.http.request-deadline}, 2 s in tests) has passed.
 */
@QuarkusTest
class SlowlorisTest {

    static final int TRICKLERS = 300;

    @Test
    void shouldServeARealRequestAndCloseTricklingConnectionsAfterTheDeadline() throws Exception {
        List<Socket> tricklers = new ArrayList<>();
        try {
            for (int i = 0; i < TRICKLERS; i++) {
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), RestAssured.port);
                socket.setSoTimeout(50);
                socket.getOutputStream().write("GET /api/v1/peers HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
                tricklers.add(socket);
            }

            given().when().get("/api/v1/peers").then().statusCode(200);

            // Trickle one byte per connection every 500 ms for up to 12 s (a hang guard, not the measure):
            // count the connections the tracker has closed.
            long end = System.nanoTime() + Duration.ofSeconds(12).toNanos();
            int closed = 0;
            while (System.nanoTime() < end && closed < TRICKLERS) {
                closed = 0;
                for (Socket socket : tricklers) {
                    closed += trickle(socket) ? 0 : 1;
                }
                Thread.sleep(500);
            }
            assertThat(closed).as("trickling connections the tracker closed").isEqualTo(TRICKLERS);
            given().when().get("/api/v1/peers").then().statusCode(200);
        } finally {
            for (Socket socket : tricklers) {
                socket.close();
            }
        }
    }

    /** Sends one more header byte; false once the tracker has closed the connection. */
    private static boolean trickle(Socket socket) {
        if (socket.isClosed()) {
            return false;
        }
        try {
            InputStream in = socket.getInputStream();
            try {
                if (in.read() < 0) { // the tracker closed it (maybe after an error answer)
                    socket.close();
                    return false;
                }
                in.skip(in.available());
            } catch (SocketTimeoutException e) {
                // nothing to read: still open as far as we know
            }
            OutputStream out = socket.getOutputStream();
            out.write('a');
            out.flush();
            return true;
        } catch (IOException e) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a reset socket: nothing more to do
            }
            return false;
        }
    }
}
