package org.tandem.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A database that restarts under a running service: statements and transactions that lost their
 * connection before taking effect are tried again; a failed commit is not (its outcome is unknown).
 */
class JdbcRetryTest {
    private final JdbcDataSource h2 = new JdbcDataSource();
    /** getConnection fails while this is above zero (counting down), as a restarting server does. */
    private final AtomicInteger refusals = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    /** Commits on connections handed out while this is set take effect, then report a lost connection. */
    private volatile boolean commitsLoseTheirAnswer;
    private Jdbc jdbc;

    @BeforeEach
    void setUp() throws Exception {
        h2.setURL("jdbc:h2:mem:retry" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        jdbc = new Jdbc(new Restarting(), DbVendor.H2, Clock.systemUTC());
        jdbc.update("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10))");
    }

    @Test
    void aStatementIsTriedAgainUntilTheDatabaseIsBack() {
        refusals.set(3);
        assertThat(jdbc.update("INSERT INTO t (id, v) VALUES (1, 'a')")).isEqualTo(1);
        assertThat(refusals.get()).isZero();
        assertThat(jdbc.query("SELECT v FROM t", r -> r.string("v"))).containsExactly("a");
    }

    @Test
    void aTransactionThatLostItsConnectionRunsAgainAsAWhole() {
        AtomicInteger runs = new AtomicInteger();
        jdbc.inTransaction(() -> {
            jdbc.update("INSERT INTO t (id, v) VALUES (?, 'x')", runs.incrementAndGet());
            if (runs.get() == 1) {
                // the server goes away mid-transaction: this attempt rolls back, the next one runs whole
                throw new DatabaseUnavailableException("Lost the database connection", new SQLException("gone",
                        "57P01"));
            }
        });
        assertThat(runs.get()).isEqualTo(2);
        assertThat(jdbc.query("SELECT id FROM t", r -> r.integer("id"))).containsExactly(2);
    }

    @Test
    void aDatabaseThatStaysAwayFailsWithTheConnectionError() {
        refusals.set(Integer.MAX_VALUE);
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> jdbc.query("SELECT v FROM t", r -> r.string("v")))
                .isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageContaining("Check that the database server is running");
        assertThat((System.nanoTime() - t0) / 1e9).isBetween(Jdbc.RETRY_WINDOW.toSeconds() - 3.0,
                Jdbc.RETRY_WINDOW.toSeconds() + 5.0);
    }

    @Test
    void aCommitThatFailsIsNotRunAgainAndSaysItsOutcomeIsUnknown() {
        commitsLoseTheirAnswer = true;
        AtomicInteger runs = new AtomicInteger();
        assertThatThrownBy(() -> jdbc.inTransaction(() -> {
            runs.incrementAndGet();
            jdbc.update("INSERT INTO t (id, v) VALUES (3, 'maybe')");
        })).isInstanceOf(CommitOutcomeUnknownException.class)
                .hasMessageContaining("whether it took effect is unknown")
                .hasMessageContaining("check the data before trying again");
        commitsLoseTheirAnswer = false;
        assertThat(runs.get()).as("a commit of unknown outcome is not run again").isEqualTo(1);
        assertThat(jdbc.query("SELECT v FROM t WHERE id = 3", r -> r.string("v")))
                .as("this commit took effect; only the caller can find out by reading").containsExactly("maybe");
    }

    @Test
    void otherErrorsAreNotTriedAgain() {
        int before = connections.get();
        assertThatThrownBy(() -> jdbc.update("INSERT INTO t (id, nonsense) VALUES (1, 2)"))
                .isInstanceOf(DbException.class).isNotInstanceOf(DatabaseUnavailableException.class);
        assertThat(connections.get() - before).isEqualTo(1);
    }

    @Test
    void aTableH2IsRebuildingForASchemaMigrationIsWaitedFor() throws Exception {
        // H2 adds a column by copying the table and renaming the copy: in between the table is not there
        jdbc.update("ALTER TABLE t RENAME TO t_copy");
        Thread rename = new Thread(() -> {
            try {
                Thread.sleep(300);
                jdbc.update("ALTER TABLE t_copy RENAME TO t");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        rename.start();
        AtomicInteger runs = new AtomicInteger();
        jdbc.inTransaction(() -> {
            runs.incrementAndGet();
            jdbc.update("INSERT INTO t (id, v) VALUES (7, 'kept')");
        });
        rename.join();
        assertThat(runs.get()).as("the transaction ran again once the table was back").isGreaterThan(1);
        assertThat(jdbc.query("SELECT v FROM t WHERE id = 7", r -> r.string("v"))).containsExactly("kept");
    }

    @Test
    void aTableThatStaysMissingFailsSayingToSyncTheSchema() {
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> jdbc.update("INSERT INTO nowhere (id) VALUES (1)"))
                .isInstanceOf(TableNotFoundException.class)
                .hasMessageContaining("Table nowhere not found").hasMessageContaining("run nova-manage db sync");
        assertThat((System.nanoTime() - t0) / 1e9).isBetween(Jdbc.MISSING_TABLE_WINDOW.toSeconds() - 1.0,
                Jdbc.MISSING_TABLE_WINDOW.toSeconds() + 3.0);
    }

    private final class Restarting implements DataSource {
        @Override
        public Connection getConnection() throws SQLException {
            connections.incrementAndGet();
            if (refusals.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
                throw new SQLNonTransientConnectionException("Connection refused", "08001");
            }
            Connection c = h2.getConnection();
            if (!commitsLoseTheirAnswer) {
                return c;
            }
            return (Connection) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        try {
                            Object result = method.invoke(c, args);
                            if (method.getName().equals("commit")) {
                                throw new SQLNonTransientConnectionException("connection lost while committing",
                                        "08006");
                            }
                            return result;
                        } catch (java.lang.reflect.InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> iface) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
