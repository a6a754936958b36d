package org.tandem.identity;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.tandem.db.ConnectionUrl;
import org.tandem.db.Database;

/** The login throttle contract on the embedded default: an H2 file in PostgreSQL mode. */
class H2LoginThrottleTest extends LoginThrottleContract {
    @TempDir
    static Path stateDir;

    @Override
    protected Database openEmptyDatabase() {
        return Database.open(ConnectionUrl.parse(null, stateDir), 3, clock);
    }
}
