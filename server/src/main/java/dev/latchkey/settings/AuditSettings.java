package dev.latchkey.settings;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The audit trail of changes and security events.
 *
 * @param retention How long an audit event is kept; housekeeping deletes older ones, in batches (1 d to 3650 d)
 */
@ConfigurationProperties("latchkey.audit")
public record AuditSettings(@DefaultValue("90d") Duration retention) {

    /** The longest retention: ten years. */
    public static final Duration MAX_RETENTION = Duration.ofDays(3650);

    public AuditSettings {
        if (retention == null || retention.compareTo(Duration.ofDays(1)) < 0 || retention.compareTo(MAX_RETENTION) > 0) {
            throw new InvalidSettingException("retention", "must be between 1d and " + Rules.describe(MAX_RETENTION)
                    + ", not " + (retention == null ? "empty" : Rules.describe(retention)));
        }
    }
}
