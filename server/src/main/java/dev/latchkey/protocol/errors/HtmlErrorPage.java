package dev.latchkey.protocol.errors;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/**
 * A refused protocol request answered with a page, not a redirect: 400, never cached (it may name the
 * application and the parameter that was wrong).
 */
public final class HtmlErrorPage {

    private HtmlErrorPage() {
    }

    public static void render(ITemplateEngine templates, String template, Context context, HttpServletResponse response)
            throws IOException {
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        response.setContentType(MediaType.TEXT_HTML_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        templates.process(template, context, response.getWriter());
    }

}
