package dev.latchkey.web;

import java.io.IOException;
import java.util.UUID;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an id (logged, and returned as {@code X-Request-Id}) and turns anything that
 * escapes the application into a generic {@code server_error} (JSON, or a short page for a browser): the
 * caller gets the id to quote, the log gets the details. Never a stack trace to the caller. A database that
 * cannot be reached is no bug but an outage: 503 {@code temporarily_unavailable}, so that clients and load
 * balancers retry, and the server serves again by itself once the database is back.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class UnexpectedErrorFilter extends OncePerRequestFilter {

    public static final String REQUEST_ID_HEADER = "X-Request-Id";

    private static final Logger log = LoggerFactory.getLogger(UnexpectedErrorFilter.class);

    /** A few seconds: the pool gives up on the database within 3 s, and readiness notices an outage within 2 s. */
    private static final String RETRY_AFTER_SECONDS = "5";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String requestId = UUID.randomUUID().toString();
        MDC.put("requestId", requestId);
        response.setHeader(REQUEST_ID_HEADER, requestId);
        try {
            chain.doFilter(request, response);
        }
        catch (Exception ex) {
            if (response.isCommitted()) {
                log.error("Request {} {} failed after its answer began (request id {})", request.getMethod(),
                        request.getRequestURI(), requestId, ex);
                return;
            }
            response.reset();
            response.setHeader(REQUEST_ID_HEADER, requestId);
            response.setHeader("Cache-Control", "no-store");
            response.setCharacterEncoding("UTF-8");
            if (DatabaseUnavailable.isCauseOf(ex)) {
                // An outage fails every request alike: one line each, not a stack trace each.
                log.warn("Request {} {} answered 503: the database is unavailable ({}) (request id {})",
                        request.getMethod(), request.getRequestURI(), DatabaseUnavailable.describe(ex), requestId);
                unavailable(request, response, requestId);
                return;
            }
            log.error("Request {} {} failed (request id {})", request.getMethod(), request.getRequestURI(), requestId, ex);
            response.setStatus(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
            if (wantsPage(request)) {
                page(response, "Something went wrong", "The server could not complete the request. Please try again; "
                        + "if it keeps failing, quote request id <code>" + requestId + "</code>.");
                return;
            }
            json(response, "server_error", "The server could not complete the request. Quote request id " + requestId
                    + " when reporting it.");
        }
        finally {
            MDC.remove("requestId");
        }
    }

    /**
     * 503 with {@code temporarily_unavailable} (the code RFC 6749 §4.1.2.1 gives a server that cannot serve for
     * now), and when to retry: the request changed nothing, so a client may simply send it again.
     */
    private static void unavailable(HttpServletRequest request, HttpServletResponse response, String requestId)
            throws IOException {
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setHeader("Retry-After", RETRY_AFTER_SECONDS);
        if (wantsPage(request)) {
            page(response, "Back in a moment", "The service is briefly unavailable and nothing was changed. Please try "
                    + "again in a few seconds. (Request id <code>" + requestId + "</code>.)");
            return;
        }
        json(response, "temporarily_unavailable", "The server cannot complete requests for a moment, and nothing was "
                + "issued or changed: retry in a few seconds (request id " + requestId + ")");
    }

    private static boolean wantsPage(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        return accept != null && accept.contains("text/html");
    }

    private static void page(HttpServletResponse response, String title, String message) throws IOException {
        response.setContentType("text/html");
        response.getWriter()
            .write("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title + " · Latchkey</title>"
                    + "<link rel=\"stylesheet\" href=\"/css/latchkey.css\"></head><body><main class=\"card\">"
                    + "<h1>" + title + "</h1><p>" + message + "</p></main></body></html>");
    }

    private static void json(HttpServletResponse response, String error, String description) throws IOException {
        response.setContentType("application/json");
        response.getWriter().write("{\"error\":\"" + error + "\",\"error_description\":\"" + description + "\"}");
    }
}
