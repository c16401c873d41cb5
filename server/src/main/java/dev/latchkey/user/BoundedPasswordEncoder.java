package dev.latchkey.user;

import java.util.concurrent.Semaphore;

import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Lets at most {@code permits} password hashes run at once; the others wait their turn. Argon2id is
 * memory-hard: every hash claims 19 MiB, and with virtual threads nothing else limits how many logins run
 * together, so a burst of them could claim the whole heap (27 fill 512 MB). Queued, the memory for hashing
 * stays bounded ({@code latchkey.passwords.hashing-concurrency}, by default the number of cores); on a busy
 * core the login rate is the same (W5 in docs/benchmarks.md, measured with and without the bound).
 */
final class BoundedPasswordEncoder implements PasswordEncoder {

    private final PasswordEncoder delegate;

    private final Semaphore permits;

    BoundedPasswordEncoder(PasswordEncoder delegate, int permits) {
        this.delegate = delegate;
        this.permits = new Semaphore(permits, true);
    }

    @Override
    public String encode(CharSequence rawPassword) {
        permits.acquireUninterruptibly();
        try {
            return delegate.encode(rawPassword);
        }
        finally {
            permits.release();
        }
    }

    @Override
    public boolean matches(CharSequence rawPassword, String encodedPassword) {
        permits.acquireUninterruptibly();
        try {
            return delegate.matches(rawPassword, encodedPassword);
        }
        finally {
            permits.release();
        }
    }

    @Override
    public boolean upgradeEncoding(String encodedPassword) {
        return delegate.upgradeEncoding(encodedPassword);
    }
}
