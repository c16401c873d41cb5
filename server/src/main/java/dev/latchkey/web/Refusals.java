package dev.latchkey.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;

/**
 * A request refused before any endpoint saw it, as an OAuth error response (RFC 6749 §5.2): {@code invalid_request}
 * and a description that says what to fix, never cached. Descriptions are fixed ASCII text: nothing the caller sent.
 */
final class Refusals {

    private Refusals() {
    }

    static void write(HttpServletResponse response, int status, String description) throws IOException {
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("{\"error\":\"invalid_request\",\"error_description\":\"" + description + "\"}");
    }
}
