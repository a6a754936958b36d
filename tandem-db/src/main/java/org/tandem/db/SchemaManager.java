package org.tandem.db;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tandem.version.Release;

/**
 * Applies the bundled, expand-only Flyway migrations for the database's vendor and reports the
 * schema version (numbering: {@link SchemaVersions}). Downgrades are refused: schema changes only
 * add, so running an older release on a newer schema is the supported way back.
 */
public final class SchemaManager {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaManager.class);
    /** Flyway's bookkeeping table. */
    public static final String HISTORY_TABLE = "tandem_schema_history";

    private final Database database;
    private final Flyway flyway;

    private final List<String> locations;

    public SchemaManager(Database database) {
        this(database, List.of());
    }

    /**
     * A schema manager that also applies the migrations under {@code extraLocations} (each a Flyway
     * location prefix to which the vendor folder is appended, e.g. {@code classpath:db/test-next}):
     * tests use it to ship a release this build only declares ({@link SchemaVersions#NEXT}).
     */
    public SchemaManager(Database database, List<String> extraLocations) {
        this.database = database;
        this.locations = new java.util.ArrayList<>();
        this.locations.add("classpath:db/migration/" + database.vendor().migrationFolder());
        extraLocations.forEach(l -> this.locations.add(l + "/" + database.vendor().migrationFolder()));
        this.flyway = configure(null);
    }

    private Flyway configure(MigrationVersion target) {
        var config = Flyway.configure()
                .dataSource(database.dataSource())
                .locations(locations.toArray(String[]::new))
                .table(HISTORY_TABLE)
                .validateMigrationNaming(true)
                // Tandem adds its own tables to a release's baseline as <nova>_<step> files (254_1 identity,
                // 254_2 quotas, 254_3 resize reservations, 254_4 login failures); a database synced before
                // they existed takes them late. Every file only adds.
                .outOfOrder(true)
                .cleanDisabled(true);
        if (target != null) {
            config = config.target(target);
        }
        return config.load();
    }

    /** The schema version of the newest applied migration, or {@link SchemaVersions#INIT_VERSION} if none. */
    public int currentVersion() {
        try {
            MigrationInfo current = flyway.info().current();
            return current == null || current.getVersion() == null ? SchemaVersions.INIT_VERSION
                    : schemaNumber(current.getVersion());
        } catch (FlywayException e) {
            throw new SchemaException("Cannot read the schema version of " + database.url().display() + ": "
                    + database.url().mask(e.getMessage()), e);
        }
    }

    /** The schema version of the newest migration bundled in this build. */
    public int latestVersion() {
        return bundled().stream().mapToInt(SchemaManager::schemaNumber).max().orElse(SchemaVersions.INIT_VERSION);
    }

    /** Schema numbers of the migrations not yet applied, oldest first. */
    public List<Integer> pendingVersions() {
        return Arrays.stream(flyway.info().pending()).map(i -> schemaNumber(i.getVersion())).distinct().toList();
    }

    /** Upgrades to the newest bundled schema. Returns the number of migrations applied. */
    public int sync() {
        return sync(latestVersion());
    }

    /** Upgrades to the schema of {@code release} (see {@link SchemaVersions#of}). */
    public int sync(Release release) {
        return sync(SchemaVersions.of(release));
    }

    /**
     * Upgrades to schema version {@code target}: applies every bundled migration whose number is at
     * most {@code target}. Re-running is a no-op.
     *
     * @throws SchemaException if {@code target} is older than the current version (downgrade), a
     *     {@link SchemaVersions#GATES gate} up to {@code target} refuses (its message says what to
     *     run), {@code target} is newer than the newest bundled migration, or a migration fails
     */
    public int sync(int target) {
        int current = currentVersion();
        if (target < current) {
            throw new SchemaException("Database is at schema version " + current + "; refusing to downgrade to "
                    + target + ". Tandem migrations are expand-only and have no downgrade: run the older release "
                    + "on this schema, or restore a backup.");
        }
        for (SchemaGate gate : SchemaVersions.GATES) {
            if (gate.version() > current && gate.version() <= target) {
                var refusal = gate.refusal(database);
                if (refusal.isPresent()) {
                    throw new SchemaException(refusal.get());
                }
            }
        }
        int latest = latestVersion();
        if (target > latest) {
            throw new SchemaException("Schema version " + target + " is newer than this build knows (newest bundled "
                    + "migration: " + latest + "). Use a newer Tandem, or a version up to " + latest + ".");
        }
        var stepTarget = bundled().stream().filter(v -> schemaNumber(v) <= target).max(MigrationVersion::compareTo);
        if (stepTarget.isEmpty()) {
            return 0;
        }
        try {
            MigrateResult result = configure(stepTarget.get()).migrate();
            if (result.migrationsExecuted > 0) {
                LOG.info("Schema of {} upgraded from {} to {} ({} migrations applied)", database.url().display(),
                        current, currentVersion(), result.migrationsExecuted);
            }
            return result.migrationsExecuted;
        } catch (FlywayException e) {
            throw new SchemaException("Schema sync of " + database.url().display() + " to version " + target
                    + " failed: " + database.url().mask(e.getMessage()), e);
        }
    }

    private List<MigrationVersion> bundled() {
        try {
            return Arrays.stream(flyway.info().all()).map(MigrationInfo::getVersion)
                    .filter(v -> v != null).distinct().toList();
        } catch (FlywayException e) {
            throw new SchemaException("Cannot read the migrations of " + database.url().display() + ": "
                    + database.url().mask(e.getMessage()), e);
        }
    }

    /** The Nova-style schema number of a Flyway version {@code <nova>.<step>}. */
    static int schemaNumber(MigrationVersion v) {
        BigInteger major = v.getMajor();
        return major.intValueExact();
    }
}
