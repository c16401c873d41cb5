package dev.latchkey.protocol.authorize;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Sends the browser back to the client. After a form post (the consent page) the status is 303, so the
 * browser cannot re-post the form to the client (RFC 9700 §4.12); otherwise 302 as RFC 6749 describes.
 */
final class ClientRedirect {

    private ClientRedirect() {
    }

    static void send(HttpServletRequest request, HttpServletResponse response, String location) {
        response.setStatus("POST".equals(request.getMethod()) ? HttpServletResponse.SC_SEE_OTHER : HttpServletResponse.SC_FOUND);
        response.setHeader("Location", location);
        response.setHeader("Cache-Control", "no-store");
    }
}
