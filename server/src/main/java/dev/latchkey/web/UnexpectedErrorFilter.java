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
 * caller gets the id to quote, the log gets the details. Never a stack trace to the caller.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class UnexpectedErrorFilter extends OncePerRequestFilter {

    public static final String REQUEST_ID_HEADER = "X-Request-Id";

    private static final Logger log = LoggerFactory.getLogger(UnexpectedErrorFilter.class);

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
            log.error("Request {} {} failed (request id {})", request.getMethod(), request.getRequestURI(), requestId, ex);
            if (response.isCommitted()) {
                return;
            }
            response.reset();
            response.setHeader(REQUEST_ID_HEADER, requestId);
            response.setStatus(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
            response.setHeader("Cache-Control", "no-store");
            response.setCharacterEncoding("UTF-8");
            String accept = request.getHeader("Accept");
            if (accept != null && accept.contains("text/html")) {
                response.setContentType("text/html");
                response.getWriter()
                    .write("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Error · Latchkey</title>"
                            + "<link rel=\"stylesheet\" href=\"/css/latchkey.css\"></head><body><main class=\"card\">"
                            + "<h1>Something went wrong</h1><p>The server could not complete the request. Please try again; "
                            + "if it keeps failing, quote request id <code>" + requestId + "</code>.</p></main></body></html>");
                return;
            }
            response.setContentType("application/json");
            response.getWriter()
                .write("{\"error\":\"server_error\",\"error_description\":\"The server could not complete the request. "
                        + "Quote request id " + requestId + " when reporting it.\"}");
        }
        finally {
            MDC.remove("requestId");
        }
    }
}
