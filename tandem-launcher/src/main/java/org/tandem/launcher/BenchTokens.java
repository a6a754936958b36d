package org.tandem.launcher;

import java.time.Duration;
import org.tandem.db.Database;
import org.tandem.identity.DirectTokens;
import org.tandem.identity.Quotas;

/** The cloud benchmark's API credentials: an admin token of project {@code cloud-bench}, issued into the database. */
final class BenchTokens {
    static final String PROJECT = "cloud-bench";

    private BenchTokens() {
    }

    /** The token; the project gets unlimited quotas (the benchmark boots far more than Nova's default 10). */
    static String issue(Database db) {
        String token = new DirectTokens(db, Duration.ofHours(12)).issue(PROJECT, "cloud-bench-admin", "admin");
        new Quotas(db, Quotas.NOVA_DEFAULTS).unlimited(PROJECT);
        return token;
    }
}
