package dev.latchkey.protocol;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Adds parameters to a URI the browser is sent to (a client's redirect URI, the login page). Each name and value
 * is form-encoded, as RFC 6749 Appendix B says the client decodes them: a {@code +}, a {@code %}, a space or any
 * other character comes back exactly as it was sent. A query the URI already has is kept (RFC 6749 §3.1.2).
 */
public final class RedirectUri {

    private RedirectUri() {
    }

    /** {@code uri} with {@code parameters} appended in order; {@code null} and empty values are left out. */
    public static String withParameters(String uri, Map<String, String> parameters) {
        StringBuilder location = new StringBuilder(uri);
        char separator = uri.indexOf('?') < 0 ? '?' : uri.endsWith("?") || uri.endsWith("&") ? 0 : '&';
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            if (parameter.getValue() == null || parameter.getValue().isEmpty()) {
                continue;
            }
            if (separator != 0) {
                location.append(separator);
            }
            location.append(URLEncoder.encode(parameter.getKey(), StandardCharsets.UTF_8))
                .append('=')
                .append(URLEncoder.encode(parameter.getValue(), StandardCharsets.UTF_8));
            separator = '&';
        }
        return location.toString();
    }
}
