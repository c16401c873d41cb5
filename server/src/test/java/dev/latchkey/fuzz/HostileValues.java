package dev.latchkey.fuzz;

import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/**
 * Values an attacker puts where a parameter, a field or a header goes. Markup and template expressions carry
 * markers the response checks look for ({@link Verdict}): {@value #TAG}, {@value #QUOTE}, {@value #APOSTROPHE} must
 * never come back unescaped in a page, and {@value #EVALUATED} is what a template that evaluated its input would
 * print. None of them names a real user, client or token, so no request can change what other tests use.
 */
final class HostileValues {

    static final String TAG = "<fuzz-tag";

    static final String QUOTE = "\"fuzz-quote";

    static final String APOSTROPHE = "'fuzz-apos";

    static final String EVALUATED = "fuzzevaluated";

    /** A header a request smuggled into a response would carry. */
    static final String INJECTED_HEADER = "X-Fuzz-Injected";

    static final List<String> FIXED = List.of("", " ", "+", "%", "&", "=", "\\", "\"", "'", "null", "undefined",
            TAG + ">", TAG + " x=1>", QUOTE + " onmouseover=alert(1) x=\"", APOSTROPHE + " onfocus=alert(1) x='",
            "</textarea>" + TAG + ">", "<script>fuzz()</script>", "javascript:alert(1)",
            "${'fuzz'.concat('evaluated')}", "[[${'fuzz'.concat('evaluated')}]]", "__${'fuzz'.concat('evaluated')}__::.x",
            "*{'fuzz'.concat('evaluated')}", "#{'fuzz'.concat('evaluated')}", "{{'fuzz'+'evaluated'}}",
            "' OR '1'='1", "'; DROP TABLE application; --", "%_", "_%", "\u0000", "a\u0000b", "\r\n" + INJECTED_HEADER + ": 1",
            "fuzz\r\nSet-Cookie: fuzzinjected=1", "fuzz\nINFO forged log line", "\t", "\u007f", "\u0085", "\u2028",
            "\u202e", "\u200b", "\ufeff", "\ud800", "\udfff", "\ud83d\ude00", "e\u0301", "\u00e9", "\u20ac",
            "\uffff", "\ufffd", "0", "-1", "99999999999999999999", "1e309", "NaN", "0x10", "true", "[]", "{}",
            "{\"a\":1}", "[", "../../../etc/passwd", "..%2f..%2f", "%2e%2e", "//evil.example", "http://evil.example/",
            "https://fuzz.example.evil/cb", "http://127.0.0.1:1/", "http://[::1]/", "fuzz:/cb", "file:///etc/passwd",
            "data:text/html,x", "https://fuzz.example/cb#frag", "https://fuzz.example/cb?x=1", "HTTPS://FUZZ.EXAMPLE/CB",
            "code", "token", "id_token", "code id_token", "none", "S256", "plain", "s256", "openid", "read write",
            "openid offline_access", "latchkey:admin", "authorization_code", "refresh_token", "client_credentials",
            "password", "urn:ietf:params:oauth:grant-type:device_code", "access_token", "login", "consent",
            "select_account", "none login", "page", "query", "fragment", "form_post", "-0", "00", "1.5", "2147483648",
            "confidential", "public", "client_secret_basic", "ES256", "RS256", "HS256");

    private HostileValues() {
    }

    static Arbitrary<String> any() {
        return Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.of(FIXED)),
                Tuple.of(3, Arbitraries.strings().all().ofMaxLength(40)),
                Tuple.of(2, Arbitraries.strings().withCharRange(' ', '~').ofMinLength(1).ofMaxLength(60)),
                Tuple.of(2, longer()));
    }

    /** Longer than any column or limit: one character, or a short pattern, repeated. */
    static Arbitrary<String> longer() {
        return Arbitraries.of(101, 151, 201, 321, 501, 1001, 2001, 4001, 10_001, 70_000)
            .flatMap(length -> Arbitraries.of("a", "\u00e9", "\u20ac", "\ud83d\ude00", "%", "+", " ", "<", "a b", "x\u0000")
                .map(unit -> unit.repeat(length / unit.length() + 1).substring(0, length)));
    }

    /** Parameter and field names: the protocol's, the pages', empty and hostile ones. */
    static Arbitrary<String> names() {
        return Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.of("client_id", "response_type", "redirect_uri", "scope",
                "state", "nonce", "code_challenge", "code_challenge_method", "prompt", "max_age", "id_token_hint",
                "login_hint", "response_mode", "request", "request_uri", "claims", "grant_type", "code", "code_verifier",
                "refresh_token", "client_secret", "client_assertion", "client_assertion_type", "token", "token_type_hint",
                "post_logout_redirect_uri", "_csrf", "username", "password", "q", "user", "limit", "category", "error",
                "logout", "continue", "user_oauth_approval", "consent_action", "name", "email", "emailVerified",
                "clientId", "redirectUris", "scopes", "type", "grantTypes", "dpop_jkt", "resource", "audience")),
                Tuple.of(1, Arbitraries.of("", " ", "a[0]", "a.b", "class.module.classLoader", "__proto__",
                        TAG + ">", "\u00e9", "client_id ", " client_id", "CLIENT_ID")),
                Tuple.of(1, Arbitraries.strings().all().ofMinLength(1).ofMaxLength(20)));
    }
}
