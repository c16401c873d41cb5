package dev.latchkey.cluster;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One node at a time does the work every node does as it starts (creating missing signing keys, provisioning):
 * nodes started together on an empty database would otherwise both see nothing there and both create it, one
 * failing on a unique key, or each creating keys of its own. The lock is a row lock held for one transaction, so
 * it is released by a commit, a rollback, or the database noticing the node's connection is gone.
 */
@Component
public class StartupLock {

    private final JdbcClient jdbc;

    private final TransactionTemplate transactions;

    public StartupLock(JdbcClient jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /** Runs {@code work} in one transaction that holds the lock; another node's {@code work} waits for it. */
    public void holding(Runnable work) {
        transactions.executeWithoutResult(status -> {
            jdbc.sql("SELECT name FROM cluster_lock WHERE name = 'startup' FOR UPDATE").query(String.class).single();
            work.run();
        });
    }
}
