package dev.latchkey.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.aot.AotDetector;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import dev.latchkey.support.Database;
import dev.latchkey.support.LatchkeyServer;
import dev.latchkey.support.SharedServers;
import dev.latchkey.support.TestWorld;

/**
 * With {@code management.server.port} set, health and the Prometheus scrape move to that port, where every caller
 * that reaches it may scrape; the server's own port serves neither any more. With Spring AOT's build-time wiring,
 * which decided at build time that management shares the server's port, the start is refused saying so.
 */
@ParameterizedClass
@EnumSource(Database.class)
class ManagementPortTests {

    /** A management port per database's server. */
    private static final Map<Database, Integer> PORTS = Map.of(Database.H2, freePort(), Database.POSTGRES, freePort());

    @Parameter
    Database database;

    LatchkeyServer server() {
        return SharedServers.of(database, Map.of("management.server.port", String.valueOf(PORTS.get(database))));
    }

    /**
     * One check for both ways the suite runs, so neither is ever skipped: without Spring AOT the port serves health and
     * the scrape; with it (the suite's second pass, and bin/latchkey) the start is refused, since the AOT wiring fixes
     * at build time that management shares the server's port.
     */
    @Test
    void managementPortWhenSetThenServesHealthAndMetricsThereOrUnderAotStopsTheStartSayingWhy() throws Exception {
        if (AotDetector.useGeneratedArtifacts()) {
            LatchkeyServer server = LatchkeyServer.configuredWith(database,
                    Map.of("management.server.port", String.valueOf(PORTS.get(database))));
            assertThatThrownBy(server::boot).hasMessageContaining("management.server.port: a separate management "
                    + "port needs the start without Spring AOT");
            return;
        }
        LatchkeyServer server = server();
        assertThat(server.client().login(TestWorld.ALICE, "wrong").status()).isEqualTo(302);

        HttpResponse<String> readiness = get("/actuator/health/readiness");
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body()).contains("\"UP\"");
        assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
        HttpResponse<String> scrape = get("/actuator/prometheus");
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).contains("latchkey_logins_total{outcome=\"failed\"}")
            .contains("hikaricp_connections_active");

        assertThat(server.client().get("/actuator/prometheus", Map.of("Accept", "text/plain")).status()).isEqualTo(404);
        assertThat(server.client().get("/actuator/health", Map.of("Accept", "application/json")).status()).isEqualTo(404);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORTS.get(database) + path))
            .GET()
            .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
