package dev.latchkey.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Stands in for the applications' own web servers: a loopback HTTP server that answers every request
 * with a small page and records the full URL the browser asked for (except the favicon). A {@link Browser} started with its
 * {@link #address()} for a client's redirect host delivers authorization responses here, so a test sees
 * exactly what the application would receive.
 */
public final class ClientCallbackServer implements AutoCloseable {

    private static final byte[] PAGE = "<!DOCTYPE html><title>Client</title><p>Callback received.</p>"
        .getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;

    private final List<URI> received = new CopyOnWriteArrayList<>();

    private ClientCallbackServer(HttpServer server) {
        this.server = server;
    }

    public static ClientCallbackServer start() {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ClientCallbackServer callbacks = new ClientCallbackServer(http);
            http.createContext("/", callbacks::handle);
            http.start();
            return callbacks;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        if (exchange.getRequestURI().getPath().equals("/favicon.ico")) {
            // Chromium asks every new host for one; it is no part of what the application receives.
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        String host = exchange.getRequestHeaders().getFirst("Host");
        received.add(URI.create("http://" + host + exchange.getRequestURI()));
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(200, PAGE.length);
        try (OutputStream body = exchange.getResponseBody()) {
            body.write(PAGE);
        }
    }

    /** {@code 127.0.0.1:port}, for {@link Browser#start(java.util.Map)}. */
    public String address() {
        return server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
    }

    /** Every URL requested so far, as the browser addressed it (with the client's host name). */
    public List<URI> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
