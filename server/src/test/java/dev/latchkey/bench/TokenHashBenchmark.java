package dev.latchkey.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import dev.latchkey.client.ClientSecrets;
import dev.latchkey.crypto.Hashes;

/** Hashing a code or token for storage and lookup (every grant, introspection and revocation does it). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TokenHashBenchmark {

    /** About the length of an RS256 access token with the claims of {@link JwtSigningBenchmark} (706 characters). */
    private static final int JWT_LENGTH = 700;

    private String opaqueToken;

    private String jwt;

    @Setup
    public void setUp() {
        // 43 characters: a refresh token or authorization code (32 random bytes, base64url).
        opaqueToken = ClientSecrets.generate();
        StringBuilder jwtLike = new StringBuilder(JWT_LENGTH + 43);
        while (jwtLike.length() < JWT_LENGTH) {
            jwtLike.append(ClientSecrets.generate());
        }
        jwt = jwtLike.substring(0, JWT_LENGTH);
    }

    @Benchmark
    public String opaqueToken() {
        return Hashes.sha256Hex(opaqueToken);
    }

    @Benchmark
    public String jwt() {
        return Hashes.sha256Hex(jwt);
    }
}
