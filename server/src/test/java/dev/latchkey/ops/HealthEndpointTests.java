package dev.latchkey.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.latchkey.support.Database;
import dev.latchkey.support.OAuthClient.Response;
import dev.latchkey.support.SharedServers;

/**
 * A load balancer or orchestrator can probe health without credentials; nothing else of the actuator is
 * exposed but the Prometheus scrape, to loopback and allowed addresses only ({@code MetricsTests}).
 */
@ParameterizedClass
@EnumSource(Database.class)
class HealthEndpointTests {

    @Parameter
    Database database;

    @ParameterizedTest
    @ValueSource(strings = { "/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness" })
    void healthProbesAnswerUpWithoutCredentials(String path) {
        Response health = SharedServers.of(database).client().get(path, Map.of("Accept", "application/json"));

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.jsonString("status")).isEqualTo("UP");
    }

    @Test
    void noOtherActuatorEndpointIsExposed() {
        for (String path : new String[] { "/actuator/env", "/actuator/metrics", "/actuator/beans", "/actuator/configprops",
                "/actuator/heapdump" }) {
            Response response = SharedServers.of(database).client().get(path, Map.of("Accept", "application/json"));
            assertThat(response.status()).as(path).isNotEqualTo(200);
            assertThat(response.body()).as(path).doesNotContain("propertySources").doesNotContain("latchkey.");
        }
    }
}
