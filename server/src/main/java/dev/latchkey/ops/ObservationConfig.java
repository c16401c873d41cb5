package dev.latchkey.ops;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.observation.SecurityObservationSettings;

/**
 * No per-filter observations of the security filter chains. The build leaves Micrometer's metrics out of
 * the actuator (only health is exposed), so there is no observation registry today; should one come back
 * (a metrics dependency added), Spring Security would otherwise wrap each of the ~30 filters of every token
 * request in an observation, a measurable share of the token endpoint's CPU (see docs/benchmarks.md).
 */
@Configuration(proxyBeanMethods = false)
public class ObservationConfig {

    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }
}
