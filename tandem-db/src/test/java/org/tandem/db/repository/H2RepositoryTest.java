package org.tandem.db.repository;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.tandem.db.ConnectionUrl;
import org.tandem.db.Database;

/** The repository contract on the embedded default: an H2 file in PostgreSQL mode with AUTO_SERVER. */
class H2RepositoryTest extends RepositoryContract {
    @TempDir
    static Path stateDir;

    @Override
    protected Database openEmptyDatabase() {
        return Database.open(ConnectionUrl.parse(null, stateDir), 3, clock);
    }
}
