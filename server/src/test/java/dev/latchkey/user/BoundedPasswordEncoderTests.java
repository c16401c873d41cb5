package dev.latchkey.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.password.PasswordEncoder;

/** Concurrent logins queue for the hash: never more at once than the permits, and every answer still right. */
class BoundedPasswordEncoderTests {

    @Test
    void atMostThePermittedNumberOfHashesRunAtOnceAndAllAnswersAreKept() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        PasswordEncoder slow = new PasswordEncoder() {
            @Override
            public String encode(CharSequence raw) {
                return "hash:" + raw;
            }

            @Override
            public boolean matches(CharSequence raw, String encoded) {
                mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                try {
                    Thread.sleep(20);
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
                running.decrementAndGet();
                return encoded.equals(encode(raw));
            }
        };
        PasswordEncoder bounded = new BoundedPasswordEncoder(slow, 2);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> answers = new ArrayList<>();
        ExecutorService logins = Executors.newFixedThreadPool(12);
        try {
            for (int i = 0; i < 12; i++) {
                String password = "pw" + i;
                String stored = i % 3 == 0 ? "hash:wrong" : "hash:" + password;
                answers.add(logins.submit(() -> {
                    start.await();
                    return bounded.matches(password, stored);
                }));
            }
            start.countDown();
            for (int i = 0; i < answers.size(); i++) {
                assertThat(answers.get(i).get()).as("login " + i).isEqualTo(i % 3 != 0);
            }
        }
        finally {
            logins.shutdownNow();
        }
        assertThat(mostAtOnce.get()).isEqualTo(2);
    }
}
