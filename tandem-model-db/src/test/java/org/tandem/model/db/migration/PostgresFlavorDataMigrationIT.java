package org.tandem.model.db.migration;

import org.tandem.db.ConnectionUrl;
import org.tandem.db.Database;
import org.tandem.testing.ScratchDatabase;
import org.tandem.testing.ServicesTest;

/** The flavor data migration on a real PostgreSQL (a fresh database per test). */
@ServicesTest
class PostgresFlavorDataMigrationIT extends FlavorDataMigrationContract {
    private ScratchDatabase scratch;

    @Override
    protected Database openEmptyDatabase() {
        scratch = ScratchDatabase.postgres("tandem_migrate_it");
        return Database.open(ConnectionUrl.parse(scratch.jdbcUrl(), null), 3, clock);
    }

    @Override
    protected void dropDatabase() {
        scratch.close();
    }
}
