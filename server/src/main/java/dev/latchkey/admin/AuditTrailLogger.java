package dev.latchkey.admin;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * One log line per audit event, through the logger {@code latchkey.audit}, for log shippers: {@code key=value}
 * fields in the message, and the same fields as key-value pairs that Spring Boot's structured formats
 * ({@code logging.structured.format.console=ecs} or {@code logstash}) turn into JSON members, named
 * {@code audit.*} so that they never collide with ECS's own {@code event}, {@code user} or {@code client}. The
 * fields are the stored event's (composed from names and flags, never a secret, token, code or password) and the
 * client address of the request that caused it (as {@code latchkey.trusted-proxies} resolved it). Only committed
 * events are logged: a change rolled back did not happen.
 */
@Component
class AuditTrailLogger {

    private static final Logger log = LoggerFactory.getLogger("latchkey.audit");

    @TransactionalEventListener(fallbackExecution = true)
    void on(AuditEvent event) {
        if (!log.isInfoEnabled()) {
            return;
        }
        String[][] fields = { { "event", event.action() }, { "category", event.category().value() },
            { "outcome", event.category() == AuditEvent.Category.CHANGE ? "success" : "failure" },
            { "actor", event.actor() }, { "client", event.clientId() }, { "subject", event.subject() },
            { "address", clientAddress() }, { "detail", event.detail() } };
        StringBuilder message = new StringBuilder("audit");
        LoggingEventBuilder line = log.atInfo();
        for (String[] field : fields) {
            if (field[1] != null) {
                String value = printable(field[1]);
                message.append(' ').append(field[0]).append('=').append(quotedIfNeeded(value));
                line = line.addKeyValue("audit." + field[0], value);
            }
        }
        line.log(message.toString());
    }

    private static String clientAddress() {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        return request instanceof ServletRequestAttributes servlet ? servlet.getRequest().getRemoteAddr() : null;
    }

    /** Control characters (a line break in a name would forge a second line) become spaces. */
    private static String printable(String value) {
        return value.replaceAll("\\p{Cntrl}", " ");
    }

    private static String quotedIfNeeded(String value) {
        return value.isEmpty() || value.chars().anyMatch(c -> c == ' ' || c == '"' || c == '=')
                ? '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"' : value;
    }
}
