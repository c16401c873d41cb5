package dev.latchkey.ops;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.latchkey.authorization.GrantRevokedEvent;

/**
 * Latchkey's own counters (docs/operations.md), incremented where Latchkey decides: a token response, a refusal,
 * a sign-in, a replay, a purge. Every tag comes from a fixed set or from a registered application, so no request
 * can add a time series: a made-up {@code client_id} is never a tag, an unknown error code counts as
 * {@code other}.
 */
@Component
public class OAuthMetrics {

    public static final String TOKENS_ISSUED = "latchkey.tokens.issued";

    public static final String REFUSALS = "latchkey.oauth.refusals";

    public static final String LOGINS = "latchkey.logins";

    public static final String REPLAYS = "latchkey.replays";

    public static final String PURGED = "latchkey.housekeeping.purged";

    /** The error codes of RFC 6749 §4.1.2.1 and §5.2, RFC 6750 §3.1, RFC 9449, RFC 9126, OpenID Connect Core §3.1.2.6. */
    static final Set<String> ERROR_CODES = Set.of("invalid_request", "invalid_client", "invalid_grant",
            "unauthorized_client", "unsupported_grant_type", "invalid_scope", "access_denied", "unsupported_response_type",
            "server_error", "temporarily_unavailable", "invalid_token", "insufficient_scope", "unsupported_token_type",
            "invalid_dpop_proof", "use_dpop_nonce", "invalid_request_uri", "invalid_request_object",
            "request_not_supported", "request_uri_not_supported", "interaction_required", "login_required",
            "account_selection_required", "consent_required", "invalid_target");

    private static final Set<String> GRANT_TYPES = Set.of("authorization_code", "refresh_token", "client_credentials");

    private static final String OTHER = "other";

    private static final String CODE = "authorization_code";

    private static final String REFRESH_TOKEN = "refresh_token";

    private final MeterRegistry registry;

    private final Map<String, Map<String, Counter>> issued = new ConcurrentHashMap<>();

    private final Map<EndpointGroup, Map<String, Counter>> refusals = new ConcurrentHashMap<>();

    private final Map<String, Counter> logins;

    private final Map<String, Counter> replays;

    public OAuthMetrics(MeterRegistry registry) {
        this.registry = registry;
        // Series of a fixed set exist from the start, at zero, so that the first one counts in a rate.
        this.logins = Map.of("succeeded", login(registry, "succeeded"), "failed", login(registry, "failed"),
                "throttled", login(registry, "throttled"));
        this.replays = Map.of(CODE, replay(registry, CODE), REFRESH_TOKEN, replay(registry, REFRESH_TOKEN));
    }

    /**
     * A token response to a registered application.
     *
     * @param grantType the request's {@code grant_type}
     * @param clientId the authenticated application's client id (never one that was merely sent)
     */
    public void tokenIssued(String grantType, String clientId) {
        String grant = grantType != null && GRANT_TYPES.contains(grantType) ? grantType : OTHER;
        issued.computeIfAbsent(grant, key -> new ConcurrentHashMap<>())
            .computeIfAbsent(clientId, key -> Counter.builder(TOKENS_ISSUED)
                .description("Token responses, by grant type and application")
                .tag("grant_type", grant)
                .tag("client_id", clientId)
                .register(registry))
            .increment();
    }

    /** A refusal at {@code endpoint} with this RFC error code. */
    public void refused(EndpointGroup endpoint, String errorCode) {
        String error = errorCode != null && ERROR_CODES.contains(errorCode) ? errorCode : OTHER;
        refusals.computeIfAbsent(endpoint, key -> new ConcurrentHashMap<>())
            .computeIfAbsent(error, key -> Counter.builder(REFUSALS)
                .description("OAuth refusals, by endpoint and RFC error code")
                .tag("endpoint", endpoint.tag())
                .tag("error", error)
                .register(registry))
            .increment();
    }

    public void loginSucceeded() {
        logins.get("succeeded").increment();
    }

    public void loginFailed() {
        logins.get("failed").increment();
    }

    /** A sign-in the brute-force guard held back without checking its password. */
    public void loginThrottled() {
        logins.get("throttled").increment();
    }

    /** Rows a housekeeping run deleted from {@code table}; the table's series exists from its first run on. */
    public void purged(String table, int rows) {
        Counter.builder(PURGED)
            .description("Rows deleted by housekeeping, by table")
            .tag("table", table)
            .register(registry)
            .increment(rows);
    }

    /** A grant revoked because one of its codes or refresh tokens was used twice (RFC 9700 §4.2.4, §4.14.2). */
    @EventListener
    void on(GrantRevokedEvent event) {
        if (event.cause() == GrantRevokedEvent.Cause.CODE_REPLAY) {
            replays.get(CODE).increment();
        }
        else if (event.cause() == GrantRevokedEvent.Cause.REFRESH_TOKEN_REPLAY) {
            replays.get(REFRESH_TOKEN).increment();
        }
    }

    private static Counter login(MeterRegistry registry, String outcome) {
        return Counter.builder(LOGINS)
            .description("Sign-ins at the login form, by outcome")
            .tag("outcome", outcome)
            .register(registry);
    }

    private static Counter replay(MeterRegistry registry, String kind) {
        return Counter.builder(REPLAYS)
            .description("Grants revoked because a code or refresh token was used twice")
            .tag("kind", kind)
            .register(registry);
    }
}
