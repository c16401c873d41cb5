package dev.latchkey.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A browser-like client of the cluster that does what a well-behaved client does under a rolling restart: each
 * request that fails (no answer, or not the answer it expects) is sent once more. Its cookies (the
 * {@code SESSION} cookie) go to any node, through nginx or to a node directly, as they would behind any load
 * balancer. What failed is counted in the {@link Tally} shared by all clients of a run.
 */
final class RetryingBrowser {

    private static final HttpClient HTTP = HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();

    private final Map<String, String> cookies = new ConcurrentHashMap<>();

    private final Tally tally;

    RetryingBrowser(Tally tally) {
        this.tally = tally;
    }

    private RetryingBrowser(Map<String, String> cookies, Tally tally) {
        this.cookies.putAll(cookies);
        this.tally = tally;
    }

    /** The same cookies (the same session), counted in another tally. */
    RetryingBrowser withTally(Tally other) {
        return new RetryingBrowser(cookies, other);
    }

    HttpResponse<String> get(String url, Predicate<HttpResponse<String>> expected, String what) {
        return send(what, expected, () -> request(url).header("Accept", "text/html").GET().build());
    }

    HttpResponse<String> postForm(String url, Map<String, String> form, String basicAuth,
            Predicate<HttpResponse<String>> expected, String what) {
        String body = form.entrySet()
            .stream()
            .map(entry -> encode(entry.getKey()) + "=" + encode(entry.getValue()))
            .collect(Collectors.joining("&"));
        return send(what, expected, () -> {
            HttpRequest.Builder builder = request(url).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
            if (basicAuth != null) {
                builder.header("Authorization", basicAuth);
            }
            return builder.build();
        });
    }

    private HttpRequest.Builder request(String url) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (!cookies.isEmpty()) {
            builder.header("Cookie", cookies.entrySet()
                .stream()
                .map(entry -> entry.getKey() + "=" + entry.getValue())
                .collect(Collectors.joining("; ")));
        }
        return builder;
    }

    /** The first attempt, and one more when it fails; throws when that fails too. */
    private HttpResponse<String> send(String what, Predicate<HttpResponse<String>> expected,
            Supplier<HttpRequest> request) {
        Attempt first = attempt(request.get(), expected);
        if (first.problem() == null) {
            tally.succeeded();
            return first.response();
        }
        tally.failedOnce(what + ": " + first.problem());
        Attempt second = attempt(request.get(), expected);
        if (second.problem() == null) {
            tally.succeeded();
            return second.response();
        }
        tally.failedAfterRetry(what + ": " + first.problem() + ", then " + second.problem());
        throw new IllegalStateException(what + " failed twice");
    }

    private Attempt attempt(HttpRequest request, Predicate<HttpResponse<String>> expected) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            keepCookies(response);
            return new Attempt(response, expected.test(response) ? null
                    : response.statusCode() + " " + response.headers().firstValue("Location").orElse("")
                            + abbreviate(response.body()));
        }
        catch (IOException ex) {
            return new Attempt(null, ex.getClass().getSimpleName());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return new Attempt(null, "interrupted");
        }
    }

    private void keepCookies(HttpResponse<String> response) {
        for (String header : response.headers().allValues("Set-Cookie")) {
            String pair = header.split(";", 2)[0];
            int equals = pair.indexOf('=');
            if (equals > 0) {
                cookies.put(pair.substring(0, equals).strip(), pair.substring(equals + 1).strip());
            }
        }
    }

    private static String abbreviate(String body) {
        String flat = body.replaceAll("\\s+", " ");
        return flat.isEmpty() ? "" : " " + flat.substring(0, Math.min(120, flat.length()));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** An answer, and what is wrong with it (null: nothing). */
    private record Attempt(HttpResponse<String> response, String problem) {
    }
}
