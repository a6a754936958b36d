package org.tandem.launcher;

import java.time.Duration;
import org.tandem.db.Database;
import org.tandem.identity.DirectTokens;

/** The cloud benchmark's API credentials: an admin token of project {@code cloud-bench}, issued into the database. */
final class BenchTokens {
    static final String PROJECT = "cloud-bench";

    private BenchTokens() {
    }

    static String issue(Database db) {
        return new DirectTokens(db, Duration.ofHours(12)).issue(PROJECT, "cloud-bench-admin", "admin");
    }
}
