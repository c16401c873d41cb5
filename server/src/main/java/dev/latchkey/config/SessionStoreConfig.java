package dev.latchkey.config;

import java.sql.DatabaseMetaData;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.session.jdbc.PostgreSqlJdbcIndexedSessionRepositoryCustomizer;
import org.springframework.session.web.http.CookieHttpSessionIdResolver;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.SessionRepositoryFilter;

import dev.latchkey.web.ClientEndpointsSessionIdResolver;

/**
 * Sign-in sessions in the database (Spring Session JDBC), safe when one browser sends several requests at once.
 * Each request saves the session attributes it added with an INSERT; two parallel requests that add the same
 * attribute (two login attempts both record their failure) would collide on the attribute's primary key and the
 * second would fail. Writing them as an upsert makes the last writer win, as it does for attributes that change:
 * PostgreSQL's {@code ON CONFLICT} (Spring Session's own customizer), H2's {@code MERGE … KEY}.
 */
@Configuration(proxyBeanMethods = false)
public class SessionStoreConfig {

    private static final String H2_CREATE_SESSION_ATTRIBUTE_QUERY = """
            MERGE INTO %TABLE_NAME%_ATTRIBUTES (SESSION_PRIMARY_ID, ATTRIBUTE_NAME, ATTRIBUTE_BYTES)
            KEY (SESSION_PRIMARY_ID, ATTRIBUTE_NAME)
            VALUES (?, ?, ?)
            """;

    /**
     * The session cookie is read except where clients call with their own credentials
     * (web/ClientEndpointsSessionIdResolver); Boot's cookie settings still apply, through its serializer.
     */
    @Bean
    static BeanPostProcessor clientEndpointsWithoutSession(ObjectProvider<CookieSerializer> cookieSerializer) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (bean instanceof SessionRepositoryFilter<?> filter) {
                    CookieHttpSessionIdResolver cookies = new CookieHttpSessionIdResolver();
                    cookies.setCookieSerializer(cookieSerializer.getObject());
                    filter.setHttpSessionIdResolver(new ClientEndpointsSessionIdResolver(cookies));
                }
                return bean;
            }
        };
    }

    @Bean
    SessionRepositoryCustomizer<JdbcIndexedSessionRepository> concurrentSessionAttributeWrites(DataSource dataSource)
            throws MetaDataAccessException {
        String database = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
        return switch (database) {
            case "PostgreSQL" -> new PostgreSqlJdbcIndexedSessionRepositoryCustomizer();
            case "H2" -> repository -> repository.setCreateSessionAttributeQuery(H2_CREATE_SESSION_ATTRIBUTE_QUERY);
            default -> repository -> {
            };
        };
    }
}
