package dev.latchkey.ops;

import static dev.latchkey.support.TestWorld.BACKEND;
import static dev.latchkey.support.TestWorld.BACKEND_SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import dev.latchkey.support.Database;
import dev.latchkey.support.LatchkeyServer;

/**
 * A stopping server ({@code server.shutdown: graceful}) finishes the requests in flight and refuses new
 * connections. The request in flight is a token request whose client sends its body slowly: it has reached the
 * server, which waits for the rest of the body, when the stop begins.
 */
@ParameterizedClass
@EnumSource(Database.class)
class GracefulShutdownTests {

    @Parameter
    Database database;

    @Test
    void stopWhenARequestIsInFlightThenItCompletesWith200AndNewConnectionsAreRefused() throws Exception {
        LatchkeyServer server = LatchkeyServer.start(database);
        int port = URI.create(server.baseUrl()).getPort();
        byte[] body = "grant_type=client_credentials&scope=read".getBytes(StandardCharsets.US_ASCII);
        String basic = Base64.getEncoder().encodeToString((BACKEND + ":" + BACKEND_SECRET).getBytes(StandardCharsets.UTF_8));
        try (Socket slowClient = new Socket("127.0.0.1", port)) {
            slowClient.setSoTimeout(30_000);
            OutputStream out = slowClient.getOutputStream();
            out.write(("POST /o/token/ HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: Basic " + basic
                    + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, 10);
            out.flush();
            Thread.sleep(500);

            CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::close);
            awaitRefused(port);
            assertThat(stopping).as("the stop waits for the request in flight").isNotDone();

            out.write(body, 10, body.length - 10);
            out.flush();
            String response = readResponse(slowClient.getInputStream());
            assertThat(response).startsWith("HTTP/1.1 200").contains("\"access_token\"");
            stopping.get(25, TimeUnit.SECONDS);
        }
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
    }

    /** Until a new connection is refused: the stop has begun (at most ten seconds). */
    private static void awaitRefused(int port) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            }
            catch (IOException refused) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the server still accepts connections ten seconds after the stop began");
    }

    /** The status line, headers and the body Content-Length announces. */
    private static String readResponse(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int next = in.read();
            if (next < 0) {
                break;
            }
            head.append((char) next);
        }
        String headers = head.toString();
        int length = 0;
        for (String line : headers.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).strip());
            }
        }
        return headers + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
