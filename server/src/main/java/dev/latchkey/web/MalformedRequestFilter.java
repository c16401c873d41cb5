package dev.latchkey.web;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request whose form cannot be read, before anything reads it: a {@code Content-Type} that is not one
 * concrete media type with a known charset, or a multipart body (no endpoint takes one) is 415; a body larger
 * than {@code server.tomcat.max-http-form-post-size} is 413; parameters in the query or a form body that cannot
 * be decoded (invalid percent-encoding, invalid UTF-8, an empty name, more than
 * {@code server.tomcat.max-parameter-count}) or that hold a NUL character are 400. Each answer is an OAuth error
 * ({@code invalid_request}, RFC 6749 §5.2) that says what to fix. A request that passes has its parameters parsed
 * and its body bounded, so that nothing later fails on them.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
public class MalformedRequestFilter extends OncePerRequestFilter {

    private static final String NUL = "\0";

    /** A {@code %} not followed by two hex digits: Spring's path parsing throws on it (in a {@code ;name=value} too). */
    private static final Pattern BROKEN_ESCAPE = Pattern.compile("%(?![0-9A-Fa-f]{2})");

    private final long maxBodyBytes;

    private final int maxParameters;

    public MalformedRequestFilter(@Value("${server.tomcat.max-http-form-post-size}") DataSize maxBodySize,
            @Value("${server.tomcat.max-parameter-count}") int maxParameters) {
        this.maxBodyBytes = maxBodySize.toBytes();
        this.maxParameters = maxParameters;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String contentTypeProblem = contentTypeProblem(request.getContentType());
        if (contentTypeProblem != null) {
            Refusals.write(response, HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, contentTypeProblem);
            return;
        }
        if (request.getContentLengthLong() > maxBodyBytes) {
            Refusals.write(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, tooLarge());
            return;
        }
        if (BROKEN_ESCAPE.matcher(request.getRequestURI()).find()) {
            Refusals.write(response, HttpServletResponse.SC_BAD_REQUEST, "The request's path holds a broken "
                    + "percent-escape: each % must be followed by two hexadecimal digits (RFC 3986 section 2.1)");
            return;
        }
        String parameterProblem = parameterProblem(request);
        if (parameterProblem != null) {
            Refusals.write(response, HttpServletResponse.SC_BAD_REQUEST, parameterProblem);
            return;
        }
        chain.doFilter(new BoundedBodyRequest(request, maxBodyBytes, tooLarge()), response);
    }

    private static String contentTypeProblem(String contentType) {
        if (contentType == null) {
            return null;
        }
        MediaType mediaType;
        try {
            mediaType = MediaType.parseMediaType(contentType);
            mediaType.getCharset();
        }
        catch (IllegalArgumentException ex) {
            return "Content-Type is not a media type with a known charset: send application/x-www-form-urlencoded "
                    + "(OAuth endpoints and forms) or application/json (management API), in UTF-8";
        }
        if (mediaType.isWildcardType() || mediaType.isWildcardSubtype()) {
            return "Content-Type must name one media type, not a pattern such as */*: send "
                    + "application/x-www-form-urlencoded (OAuth endpoints and forms) or application/json (management API)";
        }
        if ("multipart".equalsIgnoreCase(mediaType.getType())) {
            return "multipart bodies are not accepted: send application/x-www-form-urlencoded (OAuth endpoints and "
                    + "forms) or application/json (management API)";
        }
        return null;
    }

    /** Tomcat parses on first use and refuses what it cannot decode with an IllegalStateException (Servlet 6.1). */
    private String parameterProblem(HttpServletRequest request) {
        Map<String, String[]> parameters;
        try {
            parameters = request.getParameterMap();
        }
        catch (IllegalStateException ex) {
            return "The request's parameters cannot be read: send each as name=value with a name, percent-encoded "
                    + "UTF-8 (RFC 3986 section 2.1, RFC 6749 appendix B), and at most " + maxParameters + " of them";
        }
        for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
            if (parameter.getKey().contains(NUL) || containsNul(parameter.getValue())) {
                return "Parameters must not contain the NUL character (%00)";
            }
        }
        String inBoth = inQueryAndBody(request, parameters);
        return inBoth == null ? null : inBoth + " is sent both in the URL and in the body: send each parameter once, "
                + "in the body of a POST (RFC 6749 section 3.2)";
    }

    /**
     * A name the query and a form body both carry. Spring's OAuth endpoints read form parameters as those whose
     * name is not in the query, so such a parameter would vanish from the request they see.
     */
    private static String inQueryAndBody(HttpServletRequest request, Map<String, String[]> parameters) {
        String query = request.getQueryString();
        if (query == null || !"POST".equals(request.getMethod())) {
            return null;
        }
        Map<String, Integer> inQuery = new HashMap<>();
        for (String pair : query.split("&")) {
            String name = URLDecoder.decode(pair.split("=", 2)[0], StandardCharsets.UTF_8);
            inQuery.merge(name, 1, Integer::sum);
        }
        for (Map.Entry<String, Integer> name : inQuery.entrySet()) {
            String[] values = parameters.get(name.getKey());
            if (values != null && values.length > name.getValue()) {
                return name.getKey();
            }
        }
        return null;
    }

    private static boolean containsNul(String[] values) {
        for (String value : values) {
            if (value.contains(NUL)) {
                return true;
            }
        }
        return false;
    }

    private String tooLarge() {
        return "The request body is larger than " + maxBodyBytes / 1024 + " KB, the most any endpoint accepts";
    }
}
