package dev.latchkey.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.springframework.security.crypto.password.PasswordEncoder;

import dev.latchkey.user.Passwords;

/**
 * The password hash alone: one Argon2id check with the OWASP parameters {@link Passwords} uses. A full
 * login (bench workload W5) should cost no more than 10% above this (issue 3).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PasswordHashBenchmark {

    private final PasswordEncoder passwords = Passwords.encoder(1);

    private final String password = "correct horse battery staple";

    private String storedHash;

    @Setup
    public void setUp() {
        storedHash = passwords.encode(password);
    }

    @Benchmark
    public boolean matches() {
        return passwords.matches(password, storedHash);
    }
}
