package org.tandem.identity;

import org.tandem.db.ConnectionUrl;
import org.tandem.db.Database;
import org.tandem.testing.ScratchDatabase;
import org.tandem.testing.ServicesTest;

/** The login throttle contract on a real PostgreSQL, in a fresh database dropped afterwards. */
@ServicesTest
class PostgresLoginThrottleIT extends LoginThrottleContract {
    private ScratchDatabase scratch;

    @Override
    protected Database openEmptyDatabase() {
        scratch = ScratchDatabase.postgres("tandem_throttle_it");
        return Database.open(ConnectionUrl.parse(scratch.jdbcUrl(), null), 3, clock);
    }

    @Override
    protected void dropDatabase() {
        scratch.close();
    }
}
