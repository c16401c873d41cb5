package dev.latchkey.config;

import javax.sql.DataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.latchkey.ops.FailFastDataSource;

/** The connection pool Boot configures, wrapped so that an unreachable database fails requests at once. */
@Configuration(proxyBeanMethods = false)
public class DataSourceConfig {

    @Bean
    static BeanPostProcessor failFastDataSource() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                return bean instanceof DataSource pool && !(bean instanceof FailFastDataSource)
                        ? new FailFastDataSource(pool) : bean;
            }
        };
    }
}
