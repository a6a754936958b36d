package org.tandem.cli;

import org.tandem.testing.ScratchDatabase;
import org.tandem.testing.ServicesTest;

/** The migration commands on a real PostgreSQL (a fresh database per test). */
@ServicesTest
class PostgresMigrationCommandsIT extends MigrationCommandsContract {
    private ScratchDatabase scratch;

    @Override
    protected String openEmptyDatabase() {
        scratch = ScratchDatabase.postgres("tandem_cli_it");
        return scratch.jdbcUrl();
    }

    @Override
    protected void dropDatabase() {
        scratch.close();
    }
}
