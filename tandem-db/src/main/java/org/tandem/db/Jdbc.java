package org.tandem.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.tandem.db.internal.SqlErrors;

/**
 * The small plain-JDBC helper behind the repositories: parameterised queries and updates, inserts
 * returning the generated id, and transactions bound to the calling thread (calls made inside
 * {@link #inTransaction} share one connection and commit or roll back together).
 *
 * <p>SQL is written with ANSI double-quoted identifiers and rewritten per vendor
 * ({@link DbVendor#dialect}). Parameters may be {@link Instant} (stored as UTC, microsecond
 * precision), Boolean, Number, String or null. SQL errors become {@link DbException}s; unique
 * violations become {@link DuplicateEntryException}.
 */
public final class Jdbc {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Jdbc.class);
    private final DataSource dataSource;
    private final DbVendor vendor;
    private final Clock clock;
    private final ThreadLocal<Connection> transaction = new ThreadLocal<>();

    public Jdbc(DataSource dataSource, DbVendor vendor, Clock clock) {
        this.dataSource = dataSource;
        this.vendor = vendor;
        this.clock = clock;
    }

    public DbVendor vendor() {
        return vendor;
    }

    /** Now in UTC, truncated to what every supported database stores (microseconds). */
    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** The clock {@link #now()} reads (a test's clock in tests). */
    public Clock clock() {
        return clock;
    }

    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
        return withConnection(sql, c -> {
            try (PreparedStatement ps = c.prepareStatement(vendor.dialect(sql))) {
                bind(ps, params);
                try (ResultSet rs = ps.executeQuery()) {
                    List<T> out = new ArrayList<>();
                    Row row = new Row(rs);
                    while (rs.next()) {
                        out.add(mapper.map(row));
                    }
                    return out;
                }
            }
        });
    }

    public <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... params) {
        List<T> rows = query(sql, mapper, params);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /** Runs an INSERT/UPDATE/DELETE and returns the number of rows it touched. */
    public int update(String sql, Object... params) {
        return withConnection(sql, c -> {
            try (PreparedStatement ps = c.prepareStatement(vendor.dialect(sql))) {
                bind(ps, params);
                return ps.executeUpdate();
            }
        });
    }

    /**
     * Runs one INSERT/UPDATE/DELETE for each parameter row as a single JDBC batch (one round trip
     * where the driver allows it) and returns the rows each touched, as the driver reports them
     * ({@link java.sql.Statement#SUCCESS_NO_INFO} when it does not count). Empty input runs nothing.
     */
    public int[] batchUpdate(String sql, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return new int[0];
        }
        return withConnection(sql, c -> {
            try (PreparedStatement ps = c.prepareStatement(vendor.dialect(sql))) {
                for (Object[] params : rows) {
                    bind(ps, params);
                    ps.addBatch();
                }
                return ps.executeBatch();
            }
        });
    }

    /** Inserts one row and returns its generated {@code id}. Column names are quoted. */
    public long insert(String table, Map<String, ?> values) {
        StringJoiner cols = new StringJoiner(", ");
        StringJoiner marks = new StringJoiner(", ");
        Object[] params = new Object[values.size()];
        int i = 0;
        for (Map.Entry<String, ?> e : values.entrySet()) {
            cols.add('"' + e.getKey() + '"');
            marks.add("?");
            params[i++] = e.getValue();
        }
        String sql = "INSERT INTO " + table + " (" + cols + ") VALUES (" + marks + ")";
        return withConnection(sql, c -> {
            try (PreparedStatement ps = c.prepareStatement(vendor.dialect(sql), new String[] {"id"})) {
                bind(ps, params);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    if (!keys.next()) {
                        throw new DbException("Insert into " + table + " returned no generated id");
                    }
                    return keys.getLong(1);
                }
            }
        });
    }

    /**
     * Runs {@code work} in one transaction on one connection; nested calls join it. Any exception
     * rolls back and propagates. A transaction that loses its connection before committing (a
     * database restart) is run again, see {@link #RETRY_WINDOW}; one whose commit fails is not (its
     * outcome is unknown) and fails with a {@link CommitOutcomeUnknownException} that says so.
     */
    public <T> T inTransaction(Supplier<T> work) {
        if (transaction.get() != null) {
            return work.get();
        }
        return retrying(() -> transactionOnce(work));
    }

    private <T> T transactionOnce(Supplier<T> work) {
        Connection c;
        try {
            c = dataSource.getConnection();
        } catch (SQLException e) {
            throw SqlErrors.translate(e, "transaction", null);
        }
        try {
            c.setAutoCommit(false);
            transaction.set(c);
            T result;
            try {
                result = work.get();
            } catch (RuntimeException | Error e) {
                rollbackQuietly(c, e);
                throw e;
            } finally {
                transaction.remove();
            }
            try {
                c.commit();
            } catch (SQLException e) {
                throw new CommitOutcomeUnknownException("Committing a transaction failed, so whether it took "
                        + "effect is unknown (" + e.getMessage() + "); check the data before trying again", e);
            }
            return result;
        } catch (SQLException e) {
            throw SqlErrors.translate(e, "transaction", null);
        } finally {
            try {
                c.setAutoCommit(true);
                c.close();
            } catch (SQLException e) {
                // a broken connection: the pool drops it
            }
        }
    }

    /**
     * How long a statement or transaction that lost its connection before it could take effect (the
     * database restarting, a pooled connection the server closed) keeps being tried again, with a
     * growing pause, before the {@link DatabaseUnavailableException} reaches the caller; oslo.db's
     * {@code [database] max_retries} idea, bounded by time. Not inside a transaction: the whole
     * transaction is tried again instead.
     */
    static final java.time.Duration RETRY_WINDOW = java.time.Duration.ofSeconds(30);

    /**
     * How long a statement or transaction that found one of its tables missing on H2 keeps being
     * tried again: H2 rebuilds a table to add a column, which a schema migration running online
     * does in well under this.
     */
    static final java.time.Duration MISSING_TABLE_WINDOW = java.time.Duration.ofSeconds(5);

    private <T> T retrying(Supplier<T> attempt) {
        long start = System.nanoTime();
        for (int n = 1; ; n++) {
            try {
                return attempt.get();
            } catch (DatabaseUnavailableException | TableNotFoundException e) {
                boolean missing = e instanceof TableNotFoundException;
                long pauseMs = missing ? 50L : Math.min(250L * n, 2000L);
                long deadline = start + (missing ? MISSING_TABLE_WINDOW : RETRY_WINDOW).toNanos();
                if (transaction.get() != null || System.nanoTime() + pauseMs * 1_000_000 > deadline) {
                    throw e;
                }
                if (missing) {
                    LOG.debug("{}; trying again in {} ms (attempt {})", e.getMessage(), pauseMs, n + 1);
                } else {
                    LOG.warn("{}; trying again in {} ms (attempt {})", e.getMessage(), pauseMs, n + 1);
                }
                try {
                    Thread.sleep(pauseMs);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    public void inTransaction(Runnable work) {
        inTransaction(() -> {
            work.run();
            return null;
        });
    }

    private static void rollbackQuietly(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T withConnection(String sql, SqlWork<T> work) {
        Connection bound = transaction.get();
        if (bound != null) {
            try {
                return work.run(bound);
            } catch (SQLException e) {
                throw SqlErrors.translate(e, SqlErrors.tableOf(sql), sql);
            }
        }
        return retrying(() -> {
            try (Connection c = dataSource.getConnection()) {
                return work.run(c);
            } catch (SQLException e) {
                throw SqlErrors.translate(e, SqlErrors.tableOf(sql), sql);
            }
        });
    }

    private static void bind(PreparedStatement ps, Object[] params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            int idx = i + 1;
            if (p == null) {
                ps.setNull(idx, Types.NULL);
            } else if (p instanceof Instant t) {
                ps.setObject(idx, LocalDateTime.ofInstant(t.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
            } else if (p instanceof Boolean b) {
                ps.setBoolean(idx, b);
            } else if (p instanceof Integer n) {
                ps.setInt(idx, n);
            } else if (p instanceof Long n) {
                ps.setLong(idx, n);
            } else if (p instanceof Double d) {
                ps.setDouble(idx, d);
            } else if (p instanceof Float f) {
                ps.setDouble(idx, f);
            } else if (p instanceof String s) {
                ps.setString(idx, s);
            } else if (p instanceof Enum<?> e) {
                ps.setString(idx, e.name().toLowerCase(java.util.Locale.ROOT));
            } else {
                throw new IllegalArgumentException("Cannot bind parameter " + idx + " of type "
                        + p.getClass().getName() + "; use String, Integer, Long, Double, Boolean or Instant");
            }
        }
    }
}
