package org.tandem.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One database: a HikariCP pool, the vendor, and the clock used for {@code created_at},
 * {@code updated_at} and heartbeats (UTC). Open it once per process and share it; close it at
 * shutdown.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    /** Default pool size: control services issue short statements; 5 is plenty on small hosts. */
    public static final int DEFAULT_POOL_SIZE = 5;

    private final ConnectionUrl url;
    private final HikariDataSource pool;
    private final Clock clock;
    private final Jdbc jdbc;

    private Database(ConnectionUrl url, HikariDataSource pool, Clock clock) {
        this.url = url;
        this.pool = pool;
        this.clock = clock;
        this.jdbc = new Jdbc(pool, url.vendor(), clock);
    }

    /** Opens {@code [database] connection} (see {@link ConnectionUrl#parse}) with the system UTC clock. */
    public static Database open(String connection, Path stateDir) {
        return open(ConnectionUrl.parse(connection, stateDir), DEFAULT_POOL_SIZE, Clock.systemUTC());
    }

    /**
     * Opens a pool and checks that one connection works.
     *
     * @throws DatabaseUnavailableException naming the (password-masked) URL and what to check
     */
    public static Database open(ConnectionUrl url, int poolSize, Clock clock) {
        Objects.requireNonNull(url, "url");
        HikariConfig config = new HikariConfig();
        config.setPoolName("tandem-db");
        config.setJdbcUrl(url.jdbcUrl());
        if (url.user() != null) {
            config.setUsername(url.user());
        }
        if (url.password() != null) {
            config.setPassword(url.password());
        }
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(Math.min(1, poolSize));
        config.setConnectionTimeout(10_000);
        config.setInitializationFailTimeout(1);
        config.setAutoCommit(true);
        try {
            HikariDataSource pool = new HikariDataSource(config);
            LOG.debug("Opened database {} ({})", url.display(), url.vendor());
            return new Database(url, pool, clock);
        } catch (HikariPool.PoolInitializationException | IllegalArgumentException e) {
            Throwable root = e.getCause() == null ? e : e.getCause();
            throw new DatabaseUnavailableException("Cannot connect to database " + url.display() + ": "
                    + url.mask(root.getMessage()) + ". Check that the server runs, the database exists and the "
                    + "credentials in [database] connection are right.", null);
        }
    }

    public DbVendor vendor() {
        return url.vendor();
    }

    /** The connection URL; its {@code toString()} masks the password. */
    public ConnectionUrl url() {
        return url;
    }

    public DataSource dataSource() {
        return pool;
    }

    public Clock clock() {
        return clock;
    }

    /** The small JDBC helper the repositories use; exposed for other modules' own tables. */
    public Jdbc jdbc() {
        return jdbc;
    }

    /** A pooled connection; the caller closes it. */
    public Connection connection() {
        try {
            return pool.getConnection();
        } catch (SQLException e) {
            throw new DatabaseUnavailableException("No connection to " + url.display() + ": "
                    + url.mask(e.getMessage()), null);
        }
    }

    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return "Database[" + url.vendor() + " " + url.display() + "]";
    }
}
