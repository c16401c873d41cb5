package dev.latchkey.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import dev.latchkey.client.ClientSecrets;

/**
 * Authenticating a confidential client: Latchkey's SHA-256 check of a server-generated secret, right and
 * wrong, against the bcrypt (strength 10) that a stock Spring authorization server runs on every request.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ClientSecretBenchmark {

    private final ClientSecrets clientSecrets = new ClientSecrets();

    private final BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(10);

    private String secret;

    private String wrongSecret;

    private String storedHash;

    private String storedBcrypt;

    @Setup
    public void setUp() {
        secret = ClientSecrets.generate();
        wrongSecret = ClientSecrets.generate();
        storedHash = clientSecrets.encode(secret);
        storedBcrypt = bcrypt.encode(secret);
    }

    @Benchmark
    public boolean sha256RightSecret() {
        return clientSecrets.matches(secret, storedHash);
    }

    @Benchmark
    public boolean sha256WrongSecret() {
        return clientSecrets.matches(wrongSecret, storedHash);
    }

    @Benchmark
    public boolean bcryptRightSecret() {
        return bcrypt.matches(secret, storedBcrypt);
    }
}
