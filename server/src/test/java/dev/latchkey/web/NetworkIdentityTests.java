package dev.latchkey.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.tomcat.TomcatWebServer;

import dev.latchkey.support.Database;
import dev.latchkey.support.LatchkeyServer;
import dev.latchkey.support.OAuthClient;
import dev.latchkey.support.SharedServers;

/**
 * The server's address is the issuer's: absolute URLs never come from a caller's {@code Host} header, the
 * default issuer follows the port the server listens on, and demo mode listens on loopback only.
 */
@ParameterizedClass
@EnumSource(Database.class)
class NetworkIdentityTests {

    @Parameter
    Database database;

    @Test
    void aForgedHostHeaderNeverChoosesWhereTheBrowserIsSent() throws IOException {
        LatchkeyServer server = SharedServers.of(database);
        for (String path : new String[] { "/", "/account/apps", "/o/authorize/?response_type=code&client_id=my-sexy-spa"
                + "&redirect_uri=http%3A%2F%2Fmy-sexy-spa%2F&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
                + "&code_challenge_method=S256" }) {
            String response = rawGet(server, path, "evil.example");
            assertThat(response).as(path).startsWith("HTTP/1.1 302").doesNotContain("evil.example");
            assertThat(response).as(path).contains("\r\nLocation: " + server.url("/login") + "\r\n");
        }
    }

    @Test
    void issuerFollowsTheServerPortWhenItIsNotSet() {
        try (LatchkeyServer server = LatchkeyServer.configuredWith(database, Map.of()).without("latchkey.issuer")) {
            server.boot();
            OAuthClient client = server.client();
            assertThat(client.get("/.well-known/openid-configuration", Map.of()).json())
                .containsEntry("issuer", server.baseUrl());
            assertThat(URI.create(server.baseUrl()).getPort()).isNotEqualTo(18000);
        }
    }

    @Test
    void demoModeListensOnLoopbackOnly() {
        try (LatchkeyServer server = LatchkeyServer.start(database, Map.of("spring.profiles.active", "demo"))) {
            Connector connector = ((TomcatWebServer) server.webServer()).getTomcat().getConnector();
            assertThat(connector.getProperty("address")).isEqualTo(InetAddress.getLoopbackAddress());
        }
    }

    /** An HTTP/1.1 GET with this Host header, as raw bytes (Java's HTTP client will not forge a Host). */
    private static String rawGet(LatchkeyServer server, String path, String host) throws IOException {
        URI base = URI.create(server.baseUrl());
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAccept: text/html\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            return response.substring(0, response.indexOf("\r\n\r\n") + 2);
        }
    }
}
