package org.tandem.db;

/**
 * The database products Tandem runs on. H2 runs in PostgreSQL mode and shares PostgreSQL's
 * migration files; MariaDB (also reached through {@code mysql://} URLs) has its own.
 */
public enum DbVendor {
    H2("postgresql"),
    POSTGRESQL("postgresql"),
    MARIADB("mariadb");

    private final String migrationFolder;

    DbVendor(String migrationFolder) {
        this.migrationFolder = migrationFolder;
    }

    /** The folder under {@code db/migration/} that holds this vendor's migrations. */
    public String migrationFolder() {
        return migrationFolder;
    }

    /**
     * Rewrites SQL written with ANSI double-quoted identifiers (needed for column names such as
     * {@code "binary"}, {@code "key"}, {@code "value"}) for this vendor. Repository SQL never
     * contains string literals, so the rewrite is a plain character swap for MariaDB.
     */
    public String dialect(String ansiSql) {
        return this == MARIADB ? ansiSql.replace('"', '`') : ansiSql;
    }
}
