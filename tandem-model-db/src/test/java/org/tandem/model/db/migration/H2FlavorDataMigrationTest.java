package org.tandem.model.db.migration;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.tandem.db.ConnectionUrl;
import org.tandem.db.Database;

/** The flavor data migration on the embedded default: an H2 file in PostgreSQL mode. */
class H2FlavorDataMigrationTest extends FlavorDataMigrationContract {
    @TempDir
    Path dir;

    @Override
    protected Database openEmptyDatabase() throws Exception {
        return Database.open(ConnectionUrl.parse(null, Files.createTempDirectory(dir, "state")), 3, clock);
    }
}
