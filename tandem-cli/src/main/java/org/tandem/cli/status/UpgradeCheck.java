package org.tandem.cli.status;

import java.time.Instant;
import org.tandem.config.Config;
import org.tandem.db.Database;

/**
 * One check of {@code nova-status upgrade check} (facts §6.2). A check reads the database and the
 * configuration, never changes anything, and when it does not succeed its details say what to do.
 */
public interface UpgradeCheck {
    /** Result codes; the command exits with the highest one. */
    enum Code {
        SUCCESS(0, "Success"), WARNING(1, "Warning"), FAILURE(2, "Failure");

        final int exitCode;
        final String label;

        Code(int exitCode, String label) {
            this.exitCode = exitCode;
            this.label = label;
        }

        public int exitCode() {
            return exitCode;
        }

        public String label() {
            return label;
        }
    }

    /** What a check found; {@code details} may be null (printed as None). */
    record Result(Code code, String details) {
        public static Result success(String details) {
            return new Result(Code.SUCCESS, details);
        }

        public static Result warning(String details) {
            return new Result(Code.WARNING, details);
        }

        public static Result failure(String details) {
            return new Result(Code.FAILURE, details);
        }
    }

    /** What the checks read: the database, the configuration (for pins and liveness), and now. */
    record Context(Database db, Config config, Instant now) {
    }

    /** The name printed after {@code Check:}. */
    String name();

    Result run(Context ctx);
}
