package org.tandem.cli;

import org.tandem.testing.ScratchDatabase;
import org.tandem.testing.ServicesTest;

/** The migration commands on a real MariaDB (a fresh database per test). */
@ServicesTest
class MariaDbMigrationCommandsIT extends MigrationCommandsContract {
    private ScratchDatabase scratch;

    @Override
    protected String openEmptyDatabase() {
        scratch = ScratchDatabase.mariadb("tandem_cli_it");
        return scratch.jdbcUrl();
    }

    @Override
    protected void dropDatabase() {
        scratch.close();
    }
}
