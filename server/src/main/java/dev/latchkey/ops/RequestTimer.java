package dev.latchkey.ops;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Times every request, from the first filter to the response, into one timer
 * ({@value #NAME}) tagged by endpoint group, method and status class, never by path: the number of series is
 * fixed whatever clients send. Its histogram has fixed buckets (Prometheus {@code _bucket}, for p50 and p99); a
 * request costs a clock read and a bucket increment. Spring MVC's own request observation is switched off
 * (application.yml): it would time the same requests again, per path, at several times the cost.
 */
public final class RequestTimer implements Filter {

    public static final String NAME = "latchkey.http.server.requests";

    /** Bucket bounds: fine where protocol endpoints answer (milliseconds), coarse towards timeouts. */
    static final Duration[] BUCKETS = { millis(0.5), millis(1), millis(2), millis(3), millis(5), millis(7.5), millis(10),
        millis(15), millis(25), millis(50), millis(75), millis(100), millis(150), millis(250), millis(500), millis(750),
        millis(1000), millis(2500), millis(5000), millis(10000) };

    private static final String[] METHODS = { "GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD", "other" };

    private static final String[] STATUS_CLASSES = { "1xx", "2xx", "3xx", "4xx", "5xx" };

    private static final EndpointGroup[] GROUPS = EndpointGroup.values();

    private final MeterRegistry registry;

    /** Timers made on first use, indexed by group, method and status class. */
    private final AtomicReferenceArray<Timer> timers;

    public RequestTimer(MeterRegistry registry) {
        this.registry = registry;
        this.timers = new AtomicReferenceArray<>(GROUPS.length * METHODS.length * STATUS_CLASSES.length);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        long start = System.nanoTime();
        boolean failed = true;
        try {
            chain.doFilter(request, response);
            failed = false;
        }
        finally {
            HttpServletRequest http = (HttpServletRequest) request;
            int status = failed ? 500 : ((HttpServletResponse) response).getStatus();
            timer(EndpointGroup.of(http.getRequestURI()), method(http.getMethod()), statusClass(status))
                .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    private Timer timer(EndpointGroup group, int method, int status) {
        int index = (group.ordinal() * METHODS.length + method) * STATUS_CLASSES.length + status;
        Timer timer = timers.get(index);
        if (timer == null) {
            timer = Timer.builder(NAME)
                .description("Requests, from the first filter to the response")
                .tag("endpoint", group.tag())
                .tag("method", METHODS[method])
                .tag("status", STATUS_CLASSES[status])
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
            timers.set(index, timer);
        }
        return timer;
    }

    private static int method(String method) {
        for (int i = 0; i < METHODS.length - 1; i++) {
            if (METHODS[i].equals(method)) {
                return i;
            }
        }
        return METHODS.length - 1;
    }

    private static int statusClass(int status) {
        return Math.min(Math.max(status / 100, 1), 5) - 1;
    }

    private static Duration millis(double millis) {
        return Duration.ofNanos((long) (millis * 1_000_000));
    }
}
