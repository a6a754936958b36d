package org.tandem.db;

import java.time.Clock;
import org.tandem.testing.ScratchDatabase;
import org.tandem.testing.ServicesTest;

/** db sync on a real PostgreSQL (a fresh database per test). */
@ServicesTest
class PostgresSchemaSyncIT extends SchemaSyncContract {
    private ScratchDatabase scratch;

    @Override
    protected Database openEmptyDatabase() {
        scratch = ScratchDatabase.postgres("tandem_sync_it");
        return Database.open(ConnectionUrl.parse(scratch.jdbcUrl(), null), 3, Clock.systemUTC());
    }

    @Override
    protected void dropDatabase() {
        scratch.close();
    }
}
