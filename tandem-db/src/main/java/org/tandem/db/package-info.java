/**
 * Tandem's database: connection URLs ({@link org.tandem.db.ConnectionUrl}), a pooled
 * {@link org.tandem.db.Database} that knows its vendor, and the schema
 * ({@link org.tandem.db.SchemaManager}), migrated by Flyway from
 * {@code db/migration/<vendor>/<release>/V<nova>_<step>__<release>_<what>.sql}: one ordered,
 * expand-only set per release, numbered like Nova's migrations (juno ends at 254, kilo's 255..280
 * follow). H2 and PostgreSQL share the {@code postgresql} folder; MariaDB has its own. The default
 * flavors m1.tiny..m1.xlarge are seeded by the initial migration.
 */
package org.tandem.db;
