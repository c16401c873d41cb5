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
import dev.latchkey.protocol.pkce.Pkce;

/** The PKCE work of every code redemption (RFC 7636 §4.6): checking the verifier's form and hashing it. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PkceBenchmark {

    private String verifier;

    @Setup
    public void setUp() {
        // What clients send: 32 random bytes, base64url without padding (43 characters, RFC 7636 §4.1).
        verifier = ClientSecrets.generate();
    }

    @Benchmark
    public String s256() {
        return Pkce.s256(verifier);
    }

    @Benchmark
    public String verifierProblem() {
        return Pkce.verifierProblem(verifier);
    }
}
