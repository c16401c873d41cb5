package dev.latchkey.ops;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The console dashboard's figures: this node's meters, read every {@value #SAMPLE_SECONDS} s into per-minute
 * buckets for the last {@value #MINUTES} minutes, the current minute included as it fills (so a burst shows at
 * once). Each bucket holds what happened during its minute: tokens issued, refusals, sign-ins by outcome, and the
 * request-latency histogram of the endpoints clients call, from which p50 and p99 are read. Bounded memory, no
 * database: a restart starts an empty history, and each node has its own (Prometheus aggregates nodes).
 */
@Component
public class MetricsHistory {

    static final int SAMPLE_SECONDS = 5;

    static final int MINUTES = 360;

    /** The endpoints whose latency the dashboard shows: those clients and browsers call, not the console's own. */
    private static final Set<String> CLIENT_FACING = Set.of("authorize", "token", "par", "revoke", "introspect",
            "userinfo", "jwks", "discovery", "logout", "login", "consent", "api");

    private final MeterRegistry registry;

    private final Clock clock;

    private final Deque<Minute> minutes = new ArrayDeque<>();

    private Totals last;

    public MetricsHistory(MeterRegistry registry) {
        this.registry = registry;
        this.clock = Clock.systemUTC();
    }

    /** Reads the meters into the current minute's bucket. */
    @Scheduled(fixedRate = SAMPLE_SECONDS * 1000L)
    public synchronized void sample() {
        Totals now = totals();
        long minute = clock.millis() / 60_000 * 60;
        if (minutes.isEmpty() || minutes.getLast().start != minute) {
            minutes.addLast(new Minute(minute, RequestTimer.BUCKETS.length + 1));
            while (minutes.size() > MINUTES) {
                minutes.removeFirst();
            }
        }
        if (last != null) {
            minutes.getLast().add(now.minus(last));
        }
        last = now;
    }

    /** The history, sampled now so that it includes the last few seconds; the oldest minute first. */
    public synchronized Series series() {
        sample();
        List<Long> starts = new ArrayList<>();
        List<Double> issued = new ArrayList<>();
        List<Double> refused = new ArrayList<>();
        List<Double> succeeded = new ArrayList<>();
        List<Double> failed = new ArrayList<>();
        List<Double> throttled = new ArrayList<>();
        List<Double> p50 = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        for (Minute minute : minutes) {
            starts.add(minute.start);
            issued.add(minute.issued);
            refused.add(minute.refused);
            succeeded.add(minute.succeeded);
            failed.add(minute.failed);
            throttled.add(minute.throttled);
            p50.add(quantileMillis(minute.latency, 0.50));
            p99.add(quantileMillis(minute.latency, 0.99));
        }
        return new Series(clock.millis() / 1000, starts, issued, refused, succeeded, failed, throttled, p50, p99);
    }

    /** What the dashboard's page draws: one value per minute in each list, {@code null} latency for an idle minute. */
    public record Series(long sampledAt, List<Long> minutes, List<Double> tokensIssued,
            List<Double> refusals, List<Double> loginsSucceeded, List<Double> loginsFailed, List<Double> loginsThrottled,
            List<Double> latencyP50Millis, List<Double> latencyP99Millis) {
    }

    private Totals totals() {
        double[] buckets = new double[RequestTimer.BUCKETS.length + 1];
        for (Timer timer : registry.find(RequestTimer.NAME).timers()) {
            if (CLIENT_FACING.contains(timer.getId().getTag("endpoint"))) {
                CountAtBucket[] counts = timer.takeSnapshot().histogramCounts();
                for (int i = 0; i < counts.length && i < RequestTimer.BUCKETS.length; i++) {
                    buckets[i] += counts[i].count();
                }
                buckets[RequestTimer.BUCKETS.length] += timer.count();
            }
        }
        return new Totals(sum(OAuthMetrics.TOKENS_ISSUED, null), sum(OAuthMetrics.REFUSALS, null),
                sum(OAuthMetrics.LOGINS, "succeeded"), sum(OAuthMetrics.LOGINS, "failed"),
                sum(OAuthMetrics.LOGINS, "throttled"), buckets);
    }

    private double sum(String name, String outcome) {
        return (outcome == null ? registry.find(name) : registry.find(name).tag("outcome", outcome)).counters()
            .stream()
            .mapToDouble(Counter::count)
            .sum();
    }

    /**
     * The quantile of a minute's requests, interpolated within the bucket it falls in, as Prometheus's
     * {@code histogram_quantile} does; {@code null} when no request was timed.
     *
     * @param cumulative requests at or under each bucket's bound, and last, all requests
     */
    static Double quantileMillis(double[] cumulative, double quantile) {
        double total = cumulative[cumulative.length - 1];
        if (total <= 0) {
            return null;
        }
        double rank = quantile * total;
        double lowerBound = 0;
        double lowerCount = 0;
        for (int i = 0; i < RequestTimer.BUCKETS.length; i++) {
            double upperBound = RequestTimer.BUCKETS[i].toNanos() / 1e6;
            if (cumulative[i] >= rank) {
                double inBucket = cumulative[i] - lowerCount;
                double fraction = inBucket <= 0 ? 1 : (rank - lowerCount) / inBucket;
                return lowerBound + (upperBound - lowerBound) * fraction;
            }
            lowerBound = upperBound;
            lowerCount = cumulative[i];
        }
        return lowerBound;
    }

    /** Cumulative meter readings. */
    private record Totals(double issued, double refused, double succeeded, double failed, double throttled,
            double[] latency) {

        Totals minus(Totals earlier) {
            double[] buckets = new double[latency.length];
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = latency[i] - earlier.latency[i];
            }
            return new Totals(issued - earlier.issued, refused - earlier.refused, succeeded - earlier.succeeded,
                    failed - earlier.failed, throttled - earlier.throttled, buckets);
        }
    }

    /** What happened during one minute; {@code latency} as cumulative bucket counts, the total last. */
    private static final class Minute {

        final long start;

        final double[] latency;

        double issued;

        double refused;

        double succeeded;

        double failed;

        double throttled;

        Minute(long start, int buckets) {
            this.start = start;
            this.latency = new double[buckets];
        }

        void add(Totals delta) {
            issued += delta.issued();
            refused += delta.refused();
            succeeded += delta.succeeded();
            failed += delta.failed();
            throttled += delta.throttled();
            for (int i = 0; i < latency.length; i++) {
                latency[i] += delta.latency()[i];
            }
        }
    }
}
