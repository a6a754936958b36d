package org.tandem.model.db.migration;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.tandem.db.Database;
import org.tandem.version.Release;

/**
 * The registry of online data migrations, in the order {@code online_data_migrations} runs them.
 * Adding one: write the {@link OnlineMigration} class and add one {@link Registration} line here,
 * with the release that introduced it. A migration is removed when the release after the one that
 * needs it finished (its data can then no longer exist: the next release's schema refuses to sync
 * until it ran, see {@code SchemaGates}).
 */
public final class OnlineMigrations {
    /** One registered migration: its unique name, the release that needs it, and how to make it for a database. */
    public record Registration(String name, Release addedIn, Function<Database, OnlineMigration> factory) {
    }

    /** Every registered migration, in run order. */
    public static final List<Registration> ALL = List.of(
            // Added in kilo: instance flavors move from system_metadata to instance_extra.flavor (facts §5).
            new Registration(FlavorDataMigration.NAME, Release.KILO, FlavorDataMigration::new));

    static {
        Set<String> names = new HashSet<>();
        for (Registration r : ALL) {
            if (!names.add(r.name())) {
                throw new IllegalStateException("online migration name registered twice: " + r.name());
            }
        }
    }

    private OnlineMigrations() {
    }

    /** Fresh instances of every registered migration for {@code db}, in run order. */
    public static List<OnlineMigration> create(Database db) {
        return ALL.stream().map(r -> r.factory().apply(db)).toList();
    }
}
