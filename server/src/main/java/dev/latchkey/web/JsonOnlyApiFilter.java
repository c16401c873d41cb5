package dev.latchkey.web;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The management API answers only in JSON: a request whose {@code Accept} admits no JSON is refused with 406 (RFC
 * 9110 §15.5.7) before it reaches the API, so that nothing is changed for a caller that could not be told (Spring
 * would run the change first, then fail to write its answer).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 4)
public class JsonOnlyApiFilter extends OncePerRequestFilter {

    private static final String API = "/admin/api/";

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().substring(request.getContextPath().length()).startsWith(API);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (acceptsJson(request.getHeader("Accept"))) {
            chain.doFilter(request, response);
            return;
        }
        Refusals.write(response, HttpServletResponse.SC_NOT_ACCEPTABLE,
                "The management API answers in application/json only: send Accept: application/json");
    }

    private static boolean acceptsJson(String accept) {
        if (accept == null || accept.isBlank()) {
            return true;
        }
        try {
            List<MediaType> acceptable = MediaType.parseMediaTypes(accept);
            return acceptable.stream().anyMatch(type -> type.includes(MediaType.APPLICATION_JSON) && type.getQualityValue() > 0);
        }
        catch (InvalidMediaTypeException ex) {
            return false;
        }
    }
}
