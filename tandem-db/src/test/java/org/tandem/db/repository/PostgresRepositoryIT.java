package org.tandem.db.repository;

import org.tandem.db.ConnectionUrl;
import org.tandem.db.Database;
import org.tandem.testing.ScratchDatabase;
import org.tandem.testing.ServicesTest;

/** The repository contract on a real PostgreSQL, in a fresh database dropped afterwards. */
@ServicesTest
class PostgresRepositoryIT extends RepositoryContract {
    private ScratchDatabase scratch;

    @Override
    protected Database openEmptyDatabase() {
        scratch = ScratchDatabase.postgres("tandem_it");
        return Database.open(ConnectionUrl.parse(scratch.jdbcUrl(), null), 3, clock);
    }

    @Override
    protected void dropDatabase() {
        scratch.close();
    }
}
