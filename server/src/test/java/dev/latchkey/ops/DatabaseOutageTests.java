package dev.latchkey.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.latchkey.support.Database;
import dev.latchkey.support.LatchkeyServer;
import dev.latchkey.support.OAuthClient.Response;
import dev.latchkey.support.OwnPostgres;

/**
 * Readiness follows the database: a PostgreSQL of the test's own is stopped under a running server, readiness
 * turns DOWN (503) within seconds, not after the pool's 30 s connection timeout, while liveness stays UP (a
 * restart would not bring the database back); started again on the same port and data directory, readiness is UP
 * again without a restart of the server.
 */
class DatabaseOutageTests {

    private static final Duration WITHIN = Duration.ofSeconds(10);

    private OwnPostgres postgres;

    private LatchkeyServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void readinessGoesDownWhenTheDatabaseStopsAndUpWhenItReturnsWhileLivenessStaysUp() throws Exception {
        postgres = OwnPostgres.start();
        server = LatchkeyServer.start(Database.POSTGRES, postgres.serverProperties());
        assertThat(probe("/actuator/health/readiness").status()).isEqualTo(200);

        postgres.stop();

        Response down = awaitProbe("/actuator/health/readiness", response -> response.status() == 503);
        assertThat(down.jsonString("status")).isEqualTo("DOWN");
        Response liveness = probe("/actuator/health/liveness");
        assertThat(liveness.status()).isEqualTo(200);
        assertThat(liveness.jsonString("status")).isEqualTo("UP");
        long started = System.nanoTime();
        Response health = probe("/actuator/health");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
        assertThat(health.status()).isEqualTo(503);

        postgres.startAgain();

        Response up = awaitProbe("/actuator/health/readiness", response -> response.status() == 200);
        assertThat(up.jsonString("status")).isEqualTo("UP");
        assertThat(probe("/actuator/health").status()).isEqualTo(200);
    }

    private Response probe(String path) {
        return server.client().get(path, Map.of("Accept", "application/json"));
    }

    /** Probes every half second, as an orchestrator would, until {@code expected}; fails after {@link #WITHIN}. */
    private Response awaitProbe(String path, Predicate<Response> expected) throws InterruptedException {
        long deadline = System.nanoTime() + WITHIN.toNanos();
        Response response = probe(path);
        while (!expected.test(response)) {
            assertThat(System.nanoTime()).as("%s within %s, last: %s", path, WITHIN, response).isLessThan(deadline);
            Thread.sleep(500);
            response = probe(path);
        }
        return response;
    }
}
