package dev.latchkey.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.latchkey.support.RawHttp;

/**
 * What every answer to a hostile request must be: no 5xx (but the 501 with which Tomcat answers, before any
 * application sees the request, a {@code CONNECT} or a transfer coding it does not know, as RFC 9110 §15.6.2 and
 * RFC 9112 §6.1 ask); no stack trace or exception name in the body (or in a
 * {@code WWW-Authenticate} description); in a page, nothing the request sent reflected unescaped, and no template
 * expression evaluated; no header the request smuggled in; no session created for a refused request.
 */
final class Verdict {

    private static final List<String> LEAKS = List.of("Exception", "java.", "jakarta.", "org.springframework",
            "org.apache", "tools.jackson", "com.nimbusds", "org.h2", "org.postgresql", "\tat ", "at dev.latchkey");

    private static final List<String> UNESCAPED = List.of(HostileValues.TAG, HostileValues.QUOTE,
            HostileValues.APOSTROPHE, HostileValues.EVALUATED);

    private Verdict() {
    }

    /** The problems with this answer; empty when it is acceptable. */
    static List<String> problems(HostileRequest request, RawHttp.Answer answer) {
        List<String> problems = new ArrayList<>();
        if (answer.status() >= 500 && !(answer.status() == 501 && notImplemented(request))) {
            problems.add("status " + answer.status());
        }
        String body = answer.text();
        String authenticate = String.join(" ", answer.headers("WWW-Authenticate"));
        for (String leak : LEAKS) {
            if (body.contains(leak) || authenticate.contains(leak)) {
                problems.add("the answer names '" + leak + "'");
            }
        }
        String contentType = answer.header("Content-Type");
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("text/html")) {
            for (String marker : UNESCAPED) {
                if (body.contains(marker)) {
                    problems.add("the page holds '" + marker + "' unescaped");
                }
            }
        }
        if (answer.header(HostileValues.INJECTED_HEADER) != null || String.join(" ", answer.headers("Set-Cookie"))
            .contains("fuzzinjected")) {
            problems.add("a header from the request came back as a response header");
        }
        if (answer.status() >= 400 && answer.headers("Set-Cookie").stream().anyMatch(cookie -> cookie.startsWith("SESSION="))) {
            problems.add("a refused request was given a session");
        }
        return problems;
    }

    private static boolean notImplemented(HostileRequest request) {
        String coding = request.header("Transfer-Encoding");
        return request.method.equals("CONNECT") || coding != null && !coding.equalsIgnoreCase("chunked");
    }
}
