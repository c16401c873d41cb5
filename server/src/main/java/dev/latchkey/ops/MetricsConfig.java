package dev.latchkey.ops;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Request timing ({@link RequestTimer}), just inside the filter that turns escaped exceptions into a 500. */
@Configuration(proxyBeanMethods = false)
public class MetricsConfig {

    @Bean
    FilterRegistrationBean<RequestTimer> requestTimer(MeterRegistry registry) {
        FilterRegistrationBean<RequestTimer> registration = new FilterRegistrationBean<>(new RequestTimer(registry));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }
}
