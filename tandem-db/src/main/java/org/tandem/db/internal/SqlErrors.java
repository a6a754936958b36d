package org.tandem.db.internal;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tandem.db.DatabaseUnavailableException;
import org.tandem.db.DbException;
import org.tandem.db.DuplicateEntryException;
import org.tandem.db.TableNotFoundException;

/** Translates vendor SQLStates into Tandem's database exceptions. */
public final class SqlErrors {
    private static final Pattern CONSTRAINT = Pattern.compile("(?i)\\b(uniq_[a-z0-9_]+?)(?:_index_[a-z0-9]+)?\\b");
    private static final Pattern TABLE = Pattern.compile("(?i)\\b(?:into|update|from)\\s+([a-z_]+)");
    private static final int MYSQL_DUP_ENTRY = 1062;
    /** H2's vendor code for "Table ... not found" (SQLState 42S02, which MySQL/MariaDB share with code 1146). */
    private static final int H2_TABLE_NOT_FOUND = 42102;

    private SqlErrors() {
    }

    /** The first table named after INTO/UPDATE/FROM in a statement, for messages. */
    public static String tableOf(String sql) {
        Matcher m = TABLE.matcher(sql == null ? "" : sql);
        return m.find() ? m.group(1) : "?";
    }

    public static DbException translate(SQLException e, String table, String sql) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String message = e.getMessage() == null ? "" : e.getMessage();
        if ("23505".equals(state) || ("23000".equals(state) && e.getErrorCode() == MYSQL_DUP_ENTRY)) {
            Matcher m = CONSTRAINT.matcher(message);
            List<String> columns = List.of();
            String constraintTable = table;
            if (m.find()) {
                List<String> parts = Arrays.asList(m.group(1).substring("uniq_".length()).split("0"));
                constraintTable = parts.get(0);
                columns = parts.subList(1, parts.size());
            }
            return new DuplicateEntryException(constraintTable, columns, firstLine(message), e);
        }
        // 08: connection exceptions; 57P01-57P03: PostgreSQL closed the session (shutdown, restart,
        // not accepting connections yet). Either way the statement did not take effect.
        if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) {
            return new DatabaseUnavailableException("Lost the database connection while working on " + table + ": "
                    + firstLine(message) + ". Check that the database server is running.", e);
        }
        if ("42S02".equals(state) && e.getErrorCode() == H2_TABLE_NOT_FOUND) {
            return new TableNotFoundException("Table " + table + " not found (" + firstLine(message) + "). The "
                    + "embedded H2 rebuilds a table to add a column, so a schema migration running now (nova-manage db "
                    + "sync) hides it for a moment; if none is running, the schema is missing: run nova-manage db sync",
                    e);
        }
        return new DbException("Database error on " + table + " (SQLState " + state + "): " + firstLine(message)
                + (sql == null ? "" : " [SQL: " + sql + "]"), e);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
