package org.tandem.db;

import java.util.Optional;
import org.tandem.db.repository.FlavorMigrationRepository;

/**
 * Liberty's 291 ({@code enforce_flavors_migrated}, facts §5.5): no live instance may still keep its
 * flavor in system_metadata, because Liberty no longer reads that layout. The message is Nova's,
 * so operators and their tooling recognise it.
 */
final class FlavorsMigratedGate implements SchemaGate {
    @Override
    public int version() {
        return SchemaVersions.NEXT.firstVersion();
    }

    @Override
    public Optional<String> refusal(Database db) {
        long count = new FlavorMigrationRepository(db).countUnmigrated();
        if (count == 0) {
            return Optional.empty();
        }
        return Optional.of("There are still " + count + " unmigrated flavor records. Migration cannot continue until "
                + "all instance flavor records have been migrated to the new format. Please run `nova-manage db "
                + "migrate_flavor_data' first.");
    }
}
