package dev.latchkey.cluster;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** What the clients of one run saw: requests answered as expected, and those that failed once or twice. */
final class Tally {

    private final AtomicInteger succeeded = new AtomicInteger();

    private final List<String> failedOnce = new CopyOnWriteArrayList<>();

    private final List<String> failedAfterRetry = new CopyOnWriteArrayList<>();

    void succeeded() {
        succeeded.incrementAndGet();
    }

    void failedOnce(String what) {
        failedOnce.add(what);
    }

    void failedAfterRetry(String what) {
        failedAfterRetry.add(what);
    }

    int succeededCount() {
        return succeeded.get();
    }

    List<String> failedOnce() {
        return List.copyOf(failedOnce);
    }

    List<String> failedAfterRetry() {
        return List.copyOf(failedAfterRetry);
    }
}
