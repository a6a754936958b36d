package org.tandem.db;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.io.TempDir;

/** db sync on the embedded default (an H2 file in PostgreSQL mode). */
class H2SchemaSyncTest extends SchemaSyncContract {
    @TempDir
    Path dir;

    @Override
    protected Database openEmptyDatabase() throws Exception {
        return Database.open(ConnectionUrl.parse(null, Files.createTempDirectory(dir, "state")), 3, Clock.systemUTC());
    }
}
